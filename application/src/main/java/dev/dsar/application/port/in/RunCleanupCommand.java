package dev.dsar.application.port.in;

import dev.dsar.domain.Actor;
import dev.dsar.domain.CleanupTrigger;
import dev.dsar.domain.UserId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Run one cleanup cycle. {@code dryRun}: change nothing and report what would happen. {@code retention}: the
 * retention of completed exports for this cycle only, instead of the configured one. {@code actor} is who the
 * audit trail names for the files this cycle deletes.
 */
public record RunCleanupCommand(CleanupTrigger trigger, Actor actor, boolean dryRun, Optional<Duration> retention) {

    public RunCleanupCommand {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(retention, "retention");
        if (retention.isPresent() && (retention.get().isZero() || retention.get().isNegative())) {
            throw new IllegalArgumentException("a retention override is a positive duration");
        }
    }

    /** The periodic cycle of {@code serve}, with the configured retention. */
    public static RunCleanupCommand scheduled() {
        return new RunCleanupCommand(CleanupTrigger.SCHEDULE, Actor.system("cleanup"), false, Optional.empty());
    }

    /** {@code bin/dsar cleanup [--dry-run] [--retention-days N]}. */
    public static RunCleanupCommand fromCommandLine(boolean dryRun, Optional<Integer> retentionDays) {
        return new RunCleanupCommand(CleanupTrigger.CLI, Actor.operator(), dryRun,
                retentionDays.map(days -> Duration.ofDays(days)));
    }

    /** The admin's manual trigger. */
    public static RunCleanupCommand byAdmin(UserId admin, boolean dryRun) {
        return new RunCleanupCommand(CleanupTrigger.ADMIN, Actor.admin(admin), dryRun, Optional.empty());
    }
}
