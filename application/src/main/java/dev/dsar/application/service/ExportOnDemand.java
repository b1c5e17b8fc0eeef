package dev.dsar.application.service;

import static dev.dsar.application.port.in.GenerateExportUseCase.LEASE;

import dev.dsar.application.port.in.ExportNowOutcome;
import dev.dsar.application.port.in.ExportNowOutcome.Reason;
import dev.dsar.application.port.in.GenerateExportUseCase.StartedExport;
import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.application.port.out.ExportStoragePort.FileState;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An operator's "export this request now": claims a pending request (even one waiting for a retry) and runs it
 * here, recovers one whose worker vanished, or says why there is nothing to generate (in progress, completed,
 * failed, expired, unknown).
 */
final class ExportOnDemand {

    private final LoadRequestPort requests;
    private final StoreTransitionPort transitions;
    private final ExportStoragePort storage;
    private final SharedClockPort sharedClock;
    private final RecoverAbandonedExports recovery;
    private final RetentionPolicy retention;
    private final Clock clock;
    private final String worker;
    /** Starts the attempt of a claim that was stored. */
    private final BiFunction<DsarRequest, Actor, StartedExport> start;

    ExportOnDemand(LoadRequestPort requests, StoreTransitionPort transitions, ExportStoragePort storage,
                   SharedClockPort sharedClock, RecoverAbandonedExports recovery, RetentionPolicy retention,
                   Clock clock, String worker, BiFunction<DsarRequest, Actor, StartedExport> start) {
        this.requests = requests;
        this.transitions = transitions;
        this.storage = storage;
        this.sharedClock = sharedClock;
        this.recovery = recovery;
        this.retention = retention;
        this.clock = clock;
        this.worker = worker;
        this.start = start;
    }

    Future<ExportNowOutcome> exportNow(ReferenceId reference) {
        return exportNow(reference, true);
    }

    private Future<ExportNowOutcome> exportNow(ReferenceId reference, boolean mayRecover) {
        return requests.findByReference(reference).compose(found -> {
            if (found.isEmpty()) {
                return notExportable(reference, Reason.NOT_FOUND, "no request has the reference " + reference);
            }
            DsarRequest request = found.get();
            return sharedClock.now().compose(sharedNow -> decide(request, sharedNow, mayRecover));
        });
    }

    /** {@code sharedNow} for the lease (claim, expiry), this instance's clock for the retention. */
    private Future<ExportNowOutcome> decide(DsarRequest request, Instant sharedNow, boolean mayRecover) {
        ReferenceId reference = request.reference();
        Instant now = clock.instant();
        switch (request.status()) {
            case PENDING:
                return claim(request, sharedNow);
            case PROCESSING:
                if (mayRecover && request.lease().hasExpired(sharedNow)) {
                    // Its worker vanished: put it back (or fail it if its attempts are spent), then decide again.
                    return recovery.recover(Actor.operator()).compose(recovered -> exportNow(reference, false));
                }
                return notExportable(reference, Reason.IN_PROGRESS, "the export of " + reference
                        + " is in progress on " + request.lease().owner() + " (lease until "
                        + request.lease().expiresAt() + ")");
            case COMPLETED:
                if (retention.isExpired(request.completedAt(), now)) {
                    return notExportable(reference, Reason.EXPIRED, expiredDetail(reference));
                }
                return alreadyExported(request);
            case FAILED:
                return notExportable(reference, Reason.FAILED, "the export of " + reference + " failed: "
                        + request.lastError());
            default:
                return notExportable(reference, Reason.EXPIRED, expiredDetail(reference));
        }
    }

    private Future<ExportNowOutcome> claim(DsarRequest pending, Instant now) {
        Transition claim = pending.claimOnDemand(worker, now, LEASE);
        if (!(claim instanceof Transition.Moved moved)) {
            return notExportable(pending.reference(), Reason.IN_PROGRESS, claim.toString());
        }
        DsarRequest claimed = moved.request();
        AuditEvent started = AuditEvent.of(claimed, AuditAction.EXPORT_STARTED, Actor.operator(), now,
                Map.of("attempt", claimed.attempts(), "worker", worker));
        return transitions.store(claimed, started).compose(stored -> {
            if (!stored) {
                return notExportable(pending.reference(), Reason.IN_PROGRESS,
                        "the export of " + pending.reference() + " was just claimed by another worker");
            }
            return start.apply(claimed, Actor.operator()).outcome().map(ExportNowOutcome.Attempted::new);
        });
    }

    private Future<ExportNowOutcome> alreadyExported(DsarRequest completed) {
        return storage.inspect(completed.storagePath()).compose(state -> {
            if (state instanceof FileState.Present present && present.bytes() == completed.exportBytes()) {
                return Future.succeededFuture(new ExportNowOutcome.AlreadyExported(completed.reference(),
                        new ExportArtifact(present.file().toString(), present.bytes(), completed.exportSha256())));
            }
            if (state instanceof FileState.InStore stored && stored.bytes() == completed.exportBytes()) {
                return Future.succeededFuture(new ExportNowOutcome.AlreadyExported(completed.reference(),
                        new ExportArtifact(stored.storagePath(), stored.bytes(), completed.exportSha256())));
            }
            return notExportable(completed.reference(), Reason.FILE_MISSING, "the export of "
                    + completed.reference() + " is completed but its file is missing from the export storage");
        });
    }

    private static String expiredDetail(ReferenceId reference) {
        return "the export of " + reference + " has expired and its file was deleted; a new request is needed";
    }

    private static Future<ExportNowOutcome> notExportable(ReferenceId reference, Reason reason, String detail) {
        return Future.succeededFuture(new ExportNowOutcome.NotExportable(reference, reason, detail));
    }
}
