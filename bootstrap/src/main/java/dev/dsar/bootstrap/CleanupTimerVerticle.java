package dev.dsar.bootstrap;

import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.in.RunCleanupUseCase;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic cleanup of {@code serve}: a first cycle shortly after start, then one every interval. A tick
 * that finds this instance's previous cycle still running is skipped; a cycle running on another instance is
 * the use case's business (it answers busy, and logs why). Stopping cancels the timer; a cycle in flight is
 * abandoned where it stands, which the next cycle converges from.
 */
public final class CleanupTimerVerticle extends VerticleBase {

    /** The first cycle comes this long after start, or after one interval if that is shorter. */
    static final Duration FIRST_CYCLE_DELAY = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(CleanupTimerVerticle.class);

    private final RunCleanupUseCase cleanup;
    private final Duration firstDelay;
    private final Duration interval;
    private long timer = -1;
    /** Only touched on this verticle's event loop. */
    private Future<?> inFlight = Future.succeededFuture();

    public CleanupTimerVerticle(RunCleanupUseCase cleanup, Duration interval) {
        this(cleanup, FIRST_CYCLE_DELAY.compareTo(interval) < 0 ? FIRST_CYCLE_DELAY : interval, interval);
    }

    CleanupTimerVerticle(RunCleanupUseCase cleanup, Duration firstDelay, Duration interval) {
        this.cleanup = cleanup;
        this.firstDelay = firstDelay;
        this.interval = interval;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(Math.max(1, firstDelay.toMillis()), Math.max(1, interval.toMillis()), id -> tick());
        LOG.info("periodic cleanup every {} (first cycle in {})", interval, firstDelay);
        return Future.succeededFuture();
    }

    /** One timer tick; package-visible so that tests can tick without waiting. */
    void tick() {
        if (!inFlight.isComplete()) {
            LOG.info("cleanup tick skipped: the previous cycle of this instance is still running");
            return;
        }
        inFlight = cleanup.run(RunCleanupCommand.scheduled())
                .onFailure(fault -> LOG.error("cleanup cycle failed: {}", String.valueOf(fault.getMessage()).replaceAll("\\s+", " ")));
    }

    Duration firstDelay() {
        return firstDelay;
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
