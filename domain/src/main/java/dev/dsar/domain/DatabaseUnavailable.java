package dev.dsar.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A port's failure when a database cannot be reached right now (refused, dropped, timed out, shutting down,
 * out of connections): neither the request nor the code is at fault, and the same call may succeed later. The
 * persistence adapter turns its driver's errors into this; the HTTP adapter answers it with 503 and
 * {@code Retry-After}. Like {@link ExportFault} it carries no cause and no stack trace: one outage would
 * otherwise log the same trace for every request.
 */
public final class DatabaseUnavailable extends RuntimeException {

    /** The two databases the service talks to: its own, and the one the personal data is read from. */
    public enum Database {
        SERVICE("service"), SOURCE("source");

        private final String label;

        Database(String label) {
            this.label = label;
        }

        /** Lower case, as metrics and the readiness answer name it. */
        public String label() {
            return label;
        }
    }

    private final Set<Database> databases;
    private final String reason;

    private DatabaseUnavailable(Set<Database> databases, String reason) {
        super(describe(databases) + " unavailable" + (reason.isEmpty() ? "" : ": " + reason), null, false, false);
        this.databases = Collections.unmodifiableSet(EnumSet.copyOf(databases));
        this.reason = reason;
    }

    /** What was seen ({@code connection refused}, {@code SQLSTATE 57P01}…), or empty. */
    public String reason() {
        return reason;
    }

    /** {@code reason} names the kind of failure (an exception class, a SQLSTATE), never a value or a password. */
    public static DatabaseUnavailable of(Database database, String reason) {
        return new DatabaseUnavailable(EnumSet.of(database), reason);
    }

    public static DatabaseUnavailable of(Set<Database> databases) {
        if (databases.isEmpty()) {
            throw new IllegalArgumentException("at least one database is unavailable");
        }
        return new DatabaseUnavailable(databases, "");
    }

    public Set<Database> databases() {
        return databases;
    }

    /** This fault if the failure is one or was caused by one. */
    public static Optional<DatabaseUnavailable> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DatabaseUnavailable unavailable) {
                return Optional.of(unavailable);
            }
        }
        return Optional.empty();
    }

    private static String describe(Set<Database> databases) {
        StringBuilder text = new StringBuilder();
        for (Database database : databases) {
            text.append(text.length() == 0 ? "" : " and ").append(database.label());
        }
        return text.append(databases.size() == 1 ? " database" : " databases").toString();
    }
}
