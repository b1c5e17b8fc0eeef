package dev.dsar.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded cleanup cycle, as operators look back on it: where and why it ran, when, and what it did. A run
 * still going (or killed before it closed its record) has no {@code finishedAt} yet; one closed by the next
 * cycle after it was killed is {@code abandoned}. The counts are those of its {@link CleanupReport}.
 */
public record CleanupRun(
        String instanceId,
        CleanupTrigger trigger,
        Optional<Actor> actor,
        Instant startedAt,
        Optional<Instant> finishedAt,
        boolean abandoned,
        CleanupReport report) {

    public CleanupRun {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(report, "report");
    }
}
