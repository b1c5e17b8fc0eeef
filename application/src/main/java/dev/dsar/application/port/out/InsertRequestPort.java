package dev.dsar.application.port.out;

import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;

/** Stores a new request together with its audit event; the store enforces one active request per user. */
public interface InsertRequestPort {

    Future<InsertOutcome> insert(DsarRequest request, AuditEvent requested);

    sealed interface InsertOutcome {
        record Inserted(DsarRequest request) implements InsertOutcome {
        }

        record ActiveRequestExists(ReferenceId activeReference) implements InsertOutcome {
        }

        record ReferenceTaken(ReferenceId reference) implements InsertOutcome {
        }
    }
}
