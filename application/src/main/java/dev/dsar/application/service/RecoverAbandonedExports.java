package dev.dsar.application.service;

import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.LoadAbandonedExportsPort;
import dev.dsar.application.port.out.RemovePartialExportPort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exports whose worker vanished (crash, kill, lost network) are found by their expired lease and put back
 * to pending, or failed once their last attempt is spent ({@link DsarRequest#recoverAbandoned}). Used by the
 * export worker before it claims and by the cleanup cycle; racing callers are harmless (version check). Leases
 * are written and compared on the shared (database) clock: a host whose clock runs ahead takes over no live lease.
 *
 * <p>The recovered attempt's partial file goes at once (it is as large as the export got): its name follows from
 * the request's reference and the attempt's start, so no other attempt's file is touched. Should its worker be
 * alive after all (a long pause), its file is then gone and it cannot finish: it lost the lease anyway.
 */
public final class RecoverAbandonedExports {

    static final int BATCH = 100;

    private static final System.Logger LOG = System.getLogger(RecoverAbandonedExports.class.getName());

    private final LoadAbandonedExportsPort abandoned;
    private final StoreTransitionPort transitions;
    private final SharedClockPort sharedClock;
    private final RemovePartialExportPort partials;

    public RecoverAbandonedExports(LoadAbandonedExportsPort abandoned, StoreTransitionPort transitions,
                                   SharedClockPort sharedClock, RemovePartialExportPort partials) {
        this.abandoned = abandoned;
        this.transitions = transitions;
        this.sharedClock = sharedClock;
        this.partials = partials;
    }

    /** How many went back to pending and how many failed (only those this call stored). */
    public record Recovery(int requeued, int failed) {
        Recovery plus(Recovery other) {
            return new Recovery(requeued + other.requeued, failed + other.failed);
        }
    }

    public Future<Recovery> recover(Actor actor) {
        return sharedClock.now().compose(now -> recoverFrom(now, actor, new Recovery(0, 0)));
    }

    private Future<Recovery> recoverFrom(Instant now, Actor actor, Recovery soFar) {
        return abandoned.findAbandoned(now, BATCH).compose(found -> {
            List<Future<Recovery>> stored = new ArrayList<>(found.size());
            for (DsarRequest request : found) {
                stored.add(recoverOne(request, now, actor));
            }
            Future<?> allStored = Future.all(stored);
            return allStored.map(all -> {
                Recovery batch = new Recovery(0, 0);
                for (Future<Recovery> one : stored) {
                    batch = batch.plus(one.result());
                }
                return batch;
            }).compose(batch -> {
                Recovery total = soFar.plus(batch);
                // A full batch of which something moved may have more behind it.
                boolean more = found.size() == BATCH && batch.requeued() + batch.failed() > 0;
                return more ? recoverFrom(now, actor, total) : Future.succeededFuture(total);
            });
        });
    }

    private Future<Recovery> recoverOne(DsarRequest request, Instant now, Actor actor) {
        Transition transition = request.recoverAbandoned(now);
        if (!(transition instanceof Transition.Moved moved)) {
            return Future.succeededFuture(new Recovery(0, 0));
        }
        DsarRequest recovered = moved.request();
        boolean failed = recovered.status() == DsarStatus.FAILED;
        AuditEvent event = AuditEvent.of(recovered, failed ? AuditAction.EXPORT_FAILED : AuditAction.EXPORT_REQUEUED,
                actor, now, Map.of("reason", "lease_expired", "attempts", recovered.attempts(),
                        "previous_worker", request.lease().owner()));
        return transitions.store(recovered, event).compose(stored -> {
            if (!stored) {
                return Future.succeededFuture(new Recovery(0, 0));
            }
            Recovery one = failed ? new Recovery(0, 1) : new Recovery(1, 0);
            return removePartialFile(request).map(removed -> one);
        });
    }

    /** Best effort: a file left here is an orphan the cleanup's directory pass removes after its grace. */
    private Future<Void> removePartialFile(DsarRequest abandonedAttempt) {
        if (abandonedAttempt.startedAt() == null) {
            return Future.succeededFuture();
        }
        ExportFileName partial = ExportFileName.of(abandonedAttempt.reference(), abandonedAttempt.startedAt()).asTemporary();
        return partials.removePartial(partial).transform((removal, fault) -> {
            if (removal instanceof FileRemoval.Removed removed) {
                LOG.log(Level.INFO, "export {0}: removed the partial file {1} ({2} bytes) of the abandoned attempt",
                        abandonedAttempt.reference(), partial.fileName(), Long.toString(removed.bytes()));
            } else if (fault != null || !(removal instanceof FileRemoval.AlreadyGone)) {
                LOG.log(Level.WARNING, "export {0}: could not remove the partial file {1} of the abandoned attempt: {2}",
                        abandonedAttempt.reference(), partial.fileName(), fault != null ? fault.getMessage() : removal);
            }
            return Future.succeededFuture();
        });
    }
}
