package dev.dsar.application.service;

import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.domain.CleanupReport;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.in.RunCleanupUseCase;
import dev.dsar.application.port.out.CleanupLockPort.Acquisition;
import dev.dsar.application.port.out.RecordCleanupRunPort.CleanupRun;
import dev.dsar.domain.RetentionPolicy;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs cleanup cycles, one at a time: on this instance (a second call while a cycle runs is answered at once
 * with {@link CleanupOutcome.Busy}) and across all instances (the cleanup lock, a lease in the database that
 * the cycle renews after every batch and that runs out by itself if its holder dies). Every cycle that gets
 * the lock is recorded, dry runs included, with its counts and error.
 */
public final class CleanupService implements RunCleanupUseCase {

    /** How long the lock survives its holder's silence; renewed after every batch, which takes far less. */
    static final Duration LOCK_LEASE = Duration.ofMinutes(2);
    static final String RUNNING_HERE = "a cleanup cycle is already running on this instance";

    private static final System.Logger LOG = System.getLogger(CleanupService.class.getName());

    private final CleanupPorts ports;
    private final CleanupSettings settings;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    public CleanupService(CleanupPorts ports, CleanupSettings settings, Clock clock) {
        this.ports = ports;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Future<CleanupOutcome> run(RunCleanupCommand command) {
        if (!running.compareAndSet(false, true)) {
            ports.metrics().cycleSkipped();
            LOG.log(Level.INFO, "cleanup ({0}) skipped: {1}", command.trigger().code(), RUNNING_HERE);
            return Future.succeededFuture(new CleanupOutcome.Busy(RUNNING_HERE));
        }
        Future<CleanupOutcome> outcome;
        try {
            outcome = runExclusively(command);
        } catch (RuntimeException unexpected) {
            outcome = Future.failedFuture(unexpected);
        }
        return outcome.eventually(() -> {
            running.set(false);
            return Future.succeededFuture();
        });
    }

    private Future<CleanupOutcome> runExclusively(RunCleanupCommand command) {
        String holder = settings.instanceId() + "#" + UUID.randomUUID();
        return ports.sharedClock().now()
                .compose(sharedNow -> ports.lock().tryAcquire(holder, settings.instanceId(), sharedNow, LOCK_LEASE))
                .compose(acquisition -> {
                    if (acquisition instanceof Acquisition.HeldElsewhere held) {
                        ports.metrics().cycleSkipped();
                        String reason = "a cleanup cycle is running on instance " + held.instanceId() + " since "
                                + held.since() + " (its lock lasts until " + held.until() + " unless renewed)";
                        LOG.log(Level.INFO, "cleanup ({0}) skipped: {1}", command.trigger().code(), reason);
                        return Future.succeededFuture(new CleanupOutcome.Busy(reason));
                    }
                    return runLocked(command, holder).eventually(() -> ports.lock().release(holder)
                            .recover(failure -> {
                                // The lease runs out by itself; the next cycle only waits that long.
                                LOG.log(Level.WARNING, "cleanup: could not release the lock: {0}",
                                        failure.getMessage());
                                return Future.succeededFuture();
                            }));
                });
    }

    /**
     * The run is recorded as started once the lock is held, on the shared clock, and closed before the lock is
     * released: the recorded runs of all instances never overlap (unless a cycle lost its lock, which it reports).
     * Its decisions (retention) use this instance's clock, taken as it starts.
     */
    private Future<CleanupOutcome> runLocked(RunCleanupCommand command, String holder) {
        RetentionPolicy retention = command.retention().map(settings.retention()::withRetention)
                .orElse(settings.retention());
        return ports.sharedClock().now().compose(lockedAt -> ports.runs().started(new CleanupRun(settings.instanceId(),
                command.trigger(), command.actor(), command.dryRun(), retention.retention(), lockedAt)))
                .compose(runId -> closeAbandonedRuns(command, runId).map(closed -> runId)).compose(runId -> {
            Instant startedAt = clock.instant();
            CleanupCycle cycle = new CleanupCycle(ports, command, retention, settings.orphanGrace(),
                    settings.auditRetention(), holder, runId, startedAt, clock);
            LOG.log(Level.INFO, "cleanup run {0} ({1}{2}) started on {3}", Long.toString(runId),
                    command.trigger().code(), command.dryRun() ? ", dry run" : "", settings.instanceId());
            return cycle.run().transform((done, failure) -> finish(runId, cycle, command, failure));
        });
    }

    /** Best effort, and not in a dry run (which changes nothing): the next cycle tries again. */
    private Future<Integer> closeAbandonedRuns(RunCleanupCommand command, long runId) {
        if (command.dryRun()) {
            return Future.succeededFuture(0);
        }
        return ports.runs().closeAbandoned(runId).map(closed -> {
            if (closed > 0) {
                LOG.log(Level.WARNING, "cleanup run {0}: closed {1} run record(s) left open by a cycle that did not"
                        + " end (killed?), counted from the audit trail", Long.toString(runId), closed);
            }
            return closed;
        }).recover(failure -> {
            LOG.log(Level.WARNING, "cleanup run {0}: could not close abandoned run records: {1}", Long.toString(runId),
                    failure.getMessage());
            return Future.succeededFuture(0);
        });
    }

    /** Closes the run record (with the fault, if any) and reports; a fault still fails the returned future. */
    private Future<CleanupOutcome> finish(long runId, CleanupCycle cycle, RunCleanupCommand command, Throwable fault) {
        CleanupReport counted = cycle.report();
        CleanupReport report = fault == null ? counted : withFault(counted, fault);
        Instant finishedAt = clock.instant();
        Future<Void> recorded = ports.sharedClock().now()
                .compose(sharedNow -> ports.runs().finished(runId, report, sharedNow)).recover(failure -> {
            LOG.log(Level.ERROR, "cleanup run {0}: could not record its end: {1}", Long.toString(runId),
                    failure.getMessage());
            return Future.succeededFuture();
        });
        return recorded.compose(done -> {
            if (fault != null) {
                LOG.log(Level.ERROR, "cleanup run {0} stopped: {1}", Long.toString(runId), report.firstError().orElse(""));
                if (!command.dryRun()) {
                    ports.metrics().cycleFailed(report);
                }
                return Future.failedFuture(fault);
            }
            LOG.log(report.errors() > 0 ? Level.WARNING : Level.INFO, "cleanup run {0}{1}: checked={2}, files_deleted={3},"
                            + " failed_files_deleted={4}, orphans_deleted={5}, stale_requeued={6}, stale_failed={7},"
                            + " audit_events_purged={8}, bytes_freed={9}, errors={10}, duration_ms={11}",
                    Long.toString(runId), command.dryRun() ? " (dry run)" : "", Long.toString(report.checked()),
                    Long.toString(report.filesDeleted()), Long.toString(report.failedFilesDeleted()),
                    Long.toString(report.orphansDeleted()), Long.toString(report.staleRequeued()),
                    Long.toString(report.staleFailed()), Long.toString(report.auditEventsPurged()),
                    Long.toString(report.bytesFreed()), Long.toString(report.errors()),
                    Long.toString(report.durationMs()));
            if (!command.dryRun()) {
                ports.metrics().cycleCompleted(report, finishedAt);
            }
            return Future.succeededFuture(new CleanupOutcome.Ran(report));
        });
    }

    private static CleanupReport withFault(CleanupReport counted, Throwable fault) {
        String message = fault.getMessage() == null ? fault.getClass().getSimpleName() : fault.getMessage();
        String oneLine = "cycle stopped: " + message;
        return new CleanupReport(counted.checked(), counted.filesDeleted(), counted.bytesFreed(),
                counted.failedFilesDeleted(), counted.orphansDeleted(), counted.staleRequeued(), counted.staleFailed(),
                counted.auditEventsPurged(), counted.errors() + 1, counted.dryRun(), counted.retentionDays(),
                counted.durationMs(), java.util.Optional.of(oneLine));
    }
}
