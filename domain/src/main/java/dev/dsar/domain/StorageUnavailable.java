package dev.dsar.domain;

import java.util.Optional;

/**
 * A port's failure when the export storage cannot be reached right now (an object store refusing connections or
 * timing out): the same call may succeed later. The storage adapter turns its client's errors into this; the HTTP
 * adapter answers it with 503 and {@code Retry-After}. No cause, no stack trace, as {@link DatabaseUnavailable}.
 */
public final class StorageUnavailable extends RuntimeException {

    public StorageUnavailable(String reason) {
        super("export storage unavailable: " + reason, null, false, false);
    }

    /** The outage among a failure's causes, if it is one. */
    public static Optional<StorageUnavailable> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageUnavailable unavailable) {
                return Optional.of(unavailable);
            }
        }
        return Optional.empty();
    }
}
