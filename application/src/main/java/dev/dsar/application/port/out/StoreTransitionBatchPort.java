package dev.dsar.application.port.out;

import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * {@link StoreTransitionPort} for many requests at once, in one round trip: each move is written with its
 * audit event only if its stored request is still at {@code version - 1}; the others are left alone.
 */
public interface StoreTransitionBatchPort {

    /** The references whose move was written. */
    Future<Set<ReferenceId>> storeAll(List<Move> moves);

    record Move(DsarRequest moved, AuditEvent event) {
        public Move {
            if (!moved.reference().equals(event.reference())) {
                throw new IllegalArgumentException("the audit event " + event.action() + " is not about " + moved.reference());
            }
        }
    }
}
