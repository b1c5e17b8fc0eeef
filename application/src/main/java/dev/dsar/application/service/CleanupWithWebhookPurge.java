package dev.dsar.application.service;

import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.in.RunCleanupUseCase;
import dev.dsar.application.port.out.PurgeWebhookEventsPort;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;

/**
 * A cleanup cycle that also removes notifications older than their retention ({@code DSAR_WEBHOOK_RETENTION}),
 * after the cycle has run (not when another instance held the lock, not in a dry run). A failed purge leaves the
 * cycle's outcome as it was: the next cycle purges them.
 */
public final class CleanupWithWebhookPurge implements RunCleanupUseCase {

    private final RunCleanupUseCase cleanup;
    private final PurgeWebhookEventsPort purge;
    private final Duration retention;
    private final Clock clock;

    public CleanupWithWebhookPurge(RunCleanupUseCase cleanup, PurgeWebhookEventsPort purge, Duration retention, Clock clock) {
        this.cleanup = cleanup;
        this.purge = purge;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Future<CleanupOutcome> run(RunCleanupCommand command) {
        return cleanup.run(command).compose(outcome -> {
            boolean ran = outcome.fold(r -> true, busy -> false);
            if (!ran || command.dryRun()) {
                return Future.succeededFuture(outcome);
            }
            return purge.purgeBefore(clock.instant().minus(retention)).transform(purged -> Future.succeededFuture(outcome));
        });
    }
}
