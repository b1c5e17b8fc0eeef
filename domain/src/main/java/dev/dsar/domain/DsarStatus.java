package dev.dsar.domain;

import java.util.Locale;
import java.util.Optional;

/** Where a DSAR request stands. The lowercase {@link #code()} is what the database and the API carry. */
public enum DsarStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED,
    EXPIRED;

    // Read and written for every row a cleanup batch touches: computed once.
    private final String code = name().toLowerCase(Locale.ROOT);

    public String code() {
        return code;
    }

    /** A request that still waits for, or is in, export generation: a user may hold one at a time. */
    public boolean isActive() {
        return this == PENDING || this == PROCESSING;
    }

    public static Optional<DsarStatus> fromCode(String code) {
        for (DsarStatus status : values()) {
            if (status.code().equals(code)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
