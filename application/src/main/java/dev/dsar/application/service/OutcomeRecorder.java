package dev.dsar.application.service;

import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.out.ExportMetricsPort;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.RetryDelayPort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.application.service.ExportRun.Abandon;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.RetryPolicy;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Records how an attempt ended, with its audit event, after the run's lease renewals: completed, retried later
 * (per {@link RetryPolicy}) or failed. An outcome write that fails for a technical reason is tried again after
 * each of {@link #WRITE_RETRIES}; a lost lease or a stop records nothing and the attempt is abandoned.
 */
final class OutcomeRecorder {

    /**
     * Waits before each new try of an outcome write that failed (the database restarting, a connection lost):
     * 15.75 s in all, well within a lease, so that an outage of a few seconds costs a few seconds, not the
     * lease. After the last, the attempt is left to its lease (docs/reliability.md).
     */
    static final List<Duration> WRITE_RETRIES = List.of(Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

    private static final System.Logger LOG = System.getLogger(GenerateExportService.class.getName());

    private final StoreTransitionPort transitions;
    private final LoadRequestPort requests;
    private final ExportMetricsPort metrics;
    private final SharedClockPort sharedClock;
    private final RetryDelayPort delays;
    private final Clock clock;
    private final String worker;

    OutcomeRecorder(StoreTransitionPort transitions, LoadRequestPort requests, ExportMetricsPort metrics,
                    SharedClockPort sharedClock, RetryDelayPort delays, Clock clock, String worker) {
        this.transitions = transitions;
        this.requests = requests;
        this.metrics = metrics;
        this.sharedClock = sharedClock;
        this.delays = delays;
        this.clock = clock;
        this.worker = worker;
    }

    /** Records the completion; fails (for the attempt to discard its file and settle) if it cannot. */
    Future<ExportOutcome> complete(ExportRun run, ExportArtifact artifact, List<PackageDescription.Section> written) {
        long records = written.stream().mapToLong(section -> section.file().records()).sum();
        return retried(run, "completion", () -> run.write(current -> {
            Instant now = clock.instant();
            Transition completion = current.complete(worker, artifact, now);
            if (!(completion instanceof Transition.Moved moved)) {
                return Future.failedFuture(new Abandon("lease lost: " + completion));
            }
            Map<String, Object> details = Map.of("bytes", artifact.bytes(), "records", records,
                    "sha256", artifact.sha256(), "attempt", current.attempts(),
                    "duration_ms", run.took(clock).toMillis());
            AuditEvent event = AuditEvent.of(moved.request(), AuditAction.EXPORT_COMPLETED, run.actor, now, details);
            return storeOrLose(moved.request(), event).recover(fault -> completedAnyway(run, artifact, fault));
        })).map(completed -> {
            Duration took = run.took(clock);
            metrics.exportCompleted(took, artifact.bytes(), records);
            LOG.log(Level.INFO, "export {0} completed: {1} records, {2} bytes in {3} ms", run.reference,
                    Long.toString(records), Long.toString(artifact.bytes()), Long.toString(took.toMillis()));
            return new ExportOutcome.Completed(run.reference, artifact, records);
        });
    }

    /**
     * The completion's store failed, but the write may have reached the database before the connection broke:
     * if the row says completed with this very file, it is (the file must then stay).
     */
    private Future<DsarRequest> completedAnyway(ExportRun run, ExportArtifact artifact, Throwable fault) {
        // Also after a version conflict: a completion that reached the database before a retry found it moved.
        return requests.findByReference(run.reference).transform((read, unreadable) -> {
            Optional<DsarRequest> now = unreadable == null ? read : Optional.empty();
            if (now.isPresent() && now.get().status() == DsarStatus.COMPLETED
                    && artifact.storagePath().equals(now.get().storagePath())) {
                return Future.succeededFuture(now.get());
            }
            return Future.failedFuture(fault);
        });
    }

    /** Records a fault as the request's next state; a lost lease or a stop records nothing. Always succeeds. */
    Future<ExportOutcome> settle(ExportRun run, Throwable fault) {
        Duration took = run.took(clock);
        if (fault instanceof Abandon || run.abandoned() != null) {
            String reason = run.abandoned() != null ? run.abandoned() : fault.getMessage();
            return Future.succeededFuture(abandoned(run, reason, took));
        }
        ExportFault exportFault = ExportFaults.classify(run.reference, fault);
        String error = exportFault.getMessage();
        return retried(run, "outcome", () -> run.write(current -> sharedClock.now().compose(sharedNow -> {
            Instant now = clock.instant();
            // The retry time is compared with the shared clock by whichever instance claims it next.
            Transition move = exportFault.isPermanent()
                    ? current.fail(worker, error, now)
                    : current.retryLater(worker, error, now, RetryPolicy.retryAt(current.attempts(), sharedNow));
            if (!(move instanceof Transition.Moved moved)) {
                return Future.failedFuture(new Abandon("lease lost: " + move));
            }
            DsarRequest next = moved.request();
            Map<String, Object> details = new HashMap<>();
            details.put("attempt", current.attempts());
            details.put("error", next.lastError());
            details.put("permanent", exportFault.isPermanent());
            if (next.nextAttemptAt() != null) {
                details.put("retry_at", next.nextAttemptAt().toString());
            }
            AuditAction action = next.status() == DsarStatus.FAILED
                    ? AuditAction.EXPORT_FAILED : AuditAction.EXPORT_RETRY_SCHEDULED;
            return storeOrLose(next, AuditEvent.of(next, action, run.actor, now, details));
        }))).map(next -> {
            if (next.status() == DsarStatus.FAILED) {
                metrics.exportFailed(took);
                LOG.log(Level.WARNING, "export {0} failed after attempt {1}: {2}", run.reference,
                        next.attempts(), next.lastError());
                return (ExportOutcome) new ExportOutcome.Failed(run.reference, next.lastError());
            }
            metrics.exportRetryScheduled(took);
            LOG.log(Level.WARNING, "export {0} attempt {1} failed, retry at {2}: {3}", run.reference,
                    next.attempts(), next.nextAttemptAt(), next.lastError());
            return new ExportOutcome.RetryScheduled(run.reference, next.lastError(), next.nextAttemptAt());
        }).recover(unrecorded -> {
            String reason = unrecorded instanceof Abandon ? unrecorded.getMessage()
                    : "could not record the outcome after " + (WRITE_RETRIES.size() + 1) + " tries ("
                    + ExportFaults.describe(unrecorded) + "); the lease will run out";
            return Future.succeededFuture(abandoned(run, reason, took));
        });
    }

    ExportOutcome abandoned(ExportRun run, String reason, Duration took) {
        metrics.exportAbandoned(took);
        LOG.log(Level.WARNING, "export {0} abandoned: {1}", run.reference, reason);
        return new ExportOutcome.Abandoned(run.reference, reason);
    }

    /**
     * Tries {@code write} again after each of {@link #WRITE_RETRIES} while it fails for a technical reason; a lost
     * lease ({@link Abandon}) or a stop ends it at once. Each try applies the move to the latest stored state.
     */
    private Future<DsarRequest> retried(ExportRun run, String what, Supplier<Future<DsarRequest>> write) {
        return AsyncLoop.retrying(write, WRITE_RETRIES,
                fault -> !(fault instanceof Abandon) && run.abandoned() == null, delays::after, (fault, retry) -> {
                    if (retry == 0) {
                        LOG.log(Level.WARNING, "export {0}: could not record its {1} ({2}); trying again for up to"
                                + " {3} s", run.reference, what, ExportFaults.describe(fault),
                                Long.toString(totalRetryDelay().toSeconds()));
                    }
                });
    }

    static Duration totalRetryDelay() {
        return WRITE_RETRIES.stream().reduce(Duration.ZERO, Duration::plus);
    }

    private Future<DsarRequest> storeOrLose(DsarRequest moved, AuditEvent event) {
        return transitions.store(moved, event).compose(stored -> stored
                ? Future.succeededFuture(moved)
                : Future.failedFuture(new Abandon("lease lost: another worker moved the request")));
    }
}
