package dev.dsar.application.port.out;

import dev.dsar.application.port.in.CleanupReport;
import dev.dsar.domain.CleanupTrigger;
import dev.dsar.domain.Actor;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * The record of every cleanup cycle (instance, trigger, times, counts, error), which the statistics sum. A
 * cycle is recorded when it starts, its counts are saved as it goes (so that a cycle killed half-way still
 * counts what it deleted), and it is closed when it ends.
 */
public interface RecordCleanupRunPort {

    /** The new run's id. */
    Future<Long> started(CleanupRun run);

    Future<Void> progressed(long runId, CleanupReport soFar);

    Future<Void> finished(long runId, CleanupReport report, Instant finishedAt);

    record CleanupRun(String instanceId, CleanupTrigger trigger, Actor actor, boolean dryRun, Duration retention,
                      Instant startedAt) {
    }
}
