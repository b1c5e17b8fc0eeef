package dev.dsar.adapters.persistence;

import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.domain.DatabaseUnavailable.Database;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one database answered at its last contact, learned from every statement through its pool. Logs the
 * transitions only: one WARN when it stops answering and one INFO when it answers again, however many requests
 * fail in between (each of those is answered 503 without a log line of its own).
 */
public final class DatabaseAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseAvailability.class);
    private static final long UP = Long.MIN_VALUE;

    private final Database database;
    private final String where;
    /** {@link #UP}, or the {@code System.nanoTime()} at which it was found unreachable. */
    private final AtomicLong downSince = new AtomicLong(UP);

    DatabaseAvailability(Database database, PostgresLocation location) {
        this.database = database;
        this.where = location.describe();
    }

    public Database database() {
        return database;
    }

    /** True until a statement finds the database unreachable, and again from the next one that succeeds. */
    public boolean up() {
        return downSince.get() == UP;
    }

    /** A failure of a statement: the technology-free fault if it means an outage, else the failure as it was. */
    Throwable failed(Throwable failure) {
        String reason = DatabaseFaults.unavailability(failure).orElse(null);
        if (reason == null) {
            if (DatabaseFaults.serverAnswered(failure)) {
                answered();
            }
            return failure;
        }
        long now = System.nanoTime();
        if (downSince.compareAndSet(UP, now == UP ? now + 1 : now)) {
            LOG.warn("The {} database ({}) is unreachable ({}): {} until it is back", database.label(), where, reason,
                    database == Database.SERVICE ? "requests that need it answer 503" : "exports are retried later");
        }
        return DatabaseUnavailable.of(database, reason);
    }

    /** A statement succeeded (or the server answered with an error of the statement's own). */
    void answered() {
        long since = downSince.get();
        if (since != UP && downSince.compareAndSet(since, UP)) {
            LOG.info("The {} database ({}) is reachable again after {} ms", database.label(), where,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
        }
    }
}
