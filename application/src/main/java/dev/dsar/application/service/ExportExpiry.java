package dev.dsar.application.service;

import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.application.port.out.ExportStoragePort.Removal;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;

/**
 * Expires one completed export past its retention: the file first, then the row. Killed in between, the next
 * attempt finds the file already gone and marks the row; so whoever comes next (cleanup or a download)
 * converges on the same state.
 */
public final class ExportExpiry {

    private final ExportStoragePort storage;
    private final StoreTransitionPort transitions;

    public ExportExpiry(ExportStoragePort storage, StoreTransitionPort transitions) {
        this.storage = storage;
        this.transitions = transitions;
    }

    public sealed interface Outcome {
        /** File deleted (or found already gone) and row marked expired. {@code bytesFreed} is 0 if already gone. */
        record Expired(boolean fileDeleted, long bytesFreed, boolean rowMarked) implements Outcome {
        }

        /** The stored path is not an export file inside the export directory: nothing touched. */
        record Refused(String reason) implements Outcome {
        }

        /** Not expirable (not completed, or retention still runs). */
        record NotDue(String reason) implements Outcome {
        }
    }

    public Future<Outcome> expire(DsarRequest request, RetentionPolicy policy, Actor actor, Instant now) {
        Transition transition = request.expire(policy, now);
        if (!(transition instanceof Transition.Moved moved)) {
            return Future.succeededFuture(new Outcome.NotDue(transition.toString()));
        }
        return storage.delete(request.storagePath()).compose(removal -> {
            if (removal instanceof Removal.Refused refused) {
                return Future.succeededFuture(new Outcome.Refused(refused.reason()));
            }
            if (removal instanceof Removal.Deleted deleted) {
                return mark(moved.request(), actor, now, true, deleted.bytes());
            }
            return mark(moved.request(), actor, now, false, 0);
        });
    }

    private Future<Outcome> mark(DsarRequest expired, Actor actor, Instant now, boolean fileDeleted, long bytes) {
        AuditEvent event = AuditEvent.of(expired, AuditAction.FILE_DELETED, actor, now,
                Map.of("reason", "retention", "bytes", bytes, "file_was_present", fileDeleted));
        return transitions.store(expired, event)
                .map(rowMarked -> new Outcome.Expired(fileDeleted, bytes, rowMarked));
    }
}
