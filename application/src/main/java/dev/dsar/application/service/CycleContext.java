package dev.dsar.application.service;

import dev.dsar.domain.CleanupReport;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.domain.Actor;
import dev.dsar.domain.RetentionPolicy;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the phases of one cleanup cycle share: the ports, the command, the instant the cycle started (every
 * decision uses it), its counts and errors, and the checkpoint taken between batches.
 */
final class CycleContext {

    /** Requests, or files of the export directory, handled per batch, between two checkpoints. */
    static final int BATCH = 1000;
    /** Errors logged one by one per cycle; beyond that only counted (and summed up at the end). */
    static final int LOGGED_ERRORS = 20;
    static final String LOCK_LOST = "the cleanup lock was lost (its lease ran out and another instance took it);"
            + " the cycle stopped early";

    private static final System.Logger LOG = System.getLogger(CleanupService.class.getName());

    final CleanupPorts ports;
    final RetentionPolicy retention;
    final long runId;
    /** When the cycle started, on this instance's clock. */
    final Instant now;
    final CleanupTally tally = new CleanupTally();
    private final RunCleanupCommand command;
    private final String holder;
    private final Clock clock;
    /** Writes in flight may each find the lock gone; it is one error. */
    private final AtomicBoolean lockLost = new AtomicBoolean();

    CycleContext(CleanupPorts ports, RunCleanupCommand command, RetentionPolicy retention, String holder, long runId,
                 Instant now, Clock clock) {
        this.ports = ports;
        this.command = command;
        this.retention = retention;
        this.holder = holder;
        this.runId = runId;
        this.now = now;
        this.clock = clock;
    }

    boolean dryRun() {
        return command.dryRun();
    }

    Actor actor() {
        return command.actor();
    }

    CleanupReport report() {
        return tally.report(command.dryRun(), retention.retentionDays(), elapsedMillis());
    }

    long elapsedMillis() {
        return Math.max(0, Duration.between(now, clock.instant()).toMillis());
    }

    /** Renews the lock and saves the counts so far; {@code false} when the lock was lost. */
    Future<Boolean> checkpoint() {
        Future<Boolean> renewed = ports.sharedClock().now()
                .compose(sharedNow -> ports.lock().renew(holder, sharedNow, CleanupService.LOCK_LEASE));
        Future<Void> saved = ports.runs().progressed(runId, report());
        Future<?> both = Future.all(renewed, saved);
        return both.map(done -> {
            if (!renewed.result()) {
                if (lockLost.compareAndSet(false, true)) {
                    error(LOCK_LOST);
                }
                return false;
            }
            return true;
        });
    }

    /** Counts an error of the cycle, which goes on; the first few are logged. */
    void error(String problem) {
        long count = tally.error(problem);
        if (count <= LOGGED_ERRORS) {
            LOG.log(Level.ERROR, "cleanup: {0}", problem);
        } else if (count == LOGGED_ERRORS + 1) {
            LOG.log(Level.ERROR, "cleanup: more errors in this cycle are counted but not logged one by one");
        }
    }

    static String describe(FileRemoval outcome) {
        if (outcome instanceof FileRemoval.Refused refused) {
            return "refused: " + refused.reason();
        }
        if (outcome instanceof FileRemoval.Failed failed) {
            return "deletion failed: " + failed.reason();
        }
        if (outcome instanceof FileRemoval.Changed) {
            return "changed while it was being examined";
        }
        return outcome.getClass().getSimpleName();
    }
}
