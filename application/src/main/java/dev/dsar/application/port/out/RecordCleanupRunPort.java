package dev.dsar.application.port.out;

import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupTrigger;
import dev.dsar.domain.Actor;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * The record of every cleanup cycle (instance, trigger, times, counts, error), which the statistics sum. A
 * cycle is recorded when it starts, its counts are saved as it goes (so that a cycle killed half-way still
 * counts what it deleted), and it is closed when it ends, or by the next cycle if it never did.
 */
public interface RecordCleanupRunPort {

    /** The new run's id. */
    Future<Long> started(CleanupRun run);

    Future<Void> progressed(long runId, CleanupReport soFar);

    Future<Void> finished(long runId, CleanupReport report, Instant finishedAt);

    /**
     * Closes the runs other than {@code currentRunId} still open: cycles killed before they could close theirs
     * (called with the cleanup lock held, so none of them is running). Each is marked abandoned, ends at its last
     * saved progress, and counts what the audit trail shows it deleted. How many were closed.
     */
    Future<Integer> closeAbandoned(long currentRunId);

    record CleanupRun(String instanceId, CleanupTrigger trigger, Actor actor, boolean dryRun, Duration retention,
                      Instant startedAt) {
    }
}
