package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.time.Instant;

/** Removes audit events older than the audit retention, a bounded number at a time. */
public interface PurgeAuditEventsPort {

    /** Deletes at most {@code limit} events that occurred before {@code cutoff}; how many went. */
    Future<Long> purgeBefore(Instant cutoff, int limit);

    /** How many events occurred before {@code cutoff} (for a dry run). */
    Future<Long> countBefore(Instant cutoff);
}
