package dev.dsar.application.port.out;

import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The audit trail of one request, oldest first, as recorded: action and actor as their stored codes, so that an
 * action recorded by a newer version of the service still shows.
 */
public interface LoadAuditTrailPort {

    /** The first {@code limit} events (a request downloaded very often has many). */
    Future<List<AuditEntry>> trail(ReferenceId reference, int limit);

    /** {@code details} hold operational facts only (sizes, counts, error classes), never personal data. */
    record AuditEntry(String action, String actor, Instant at, JsonText details) {
        public AuditEntry {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(details, "details");
        }
    }
}
