package dev.dsar.bootstrap;

import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.in.RunCleanupUseCase;
import dev.dsar.application.port.in.CleanupOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleanup in {@code serve}, on a worker context so that a cycle's own work never runs on an event loop that
 * serves downloads: the periodic cycle (unless disabled), and cycles asked for by an admin
 * ({@link #runNow}). The period: a first cycle shortly after start, then one every interval. A tick
 * that finds this instance's previous cycle still running is skipped; a cycle running on another instance is
 * the use case's business (it answers busy, and logs why). Stopping cancels the timer and lets a cycle in flight
 * finish, for at most {@link #STOP_GRACE}: the pools close after it, so it can record its run and release the lock.
 * One still running then is abandoned where it stands, which the next cycle converges from.
 */
public final class CleanupTimerVerticle extends VerticleBase {

    /** The first cycle comes this long after start, or after one interval if that is shorter. */
    static final Duration FIRST_CYCLE_DELAY = Duration.ofSeconds(10);

    /** How long stopping waits for a cycle in flight. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(CleanupTimerVerticle.class);

    private final RunCleanupUseCase cleanup;
    private final Duration firstDelay;
    private final Duration interval;
    private final boolean periodic;
    private long timer = -1;
    private Clock clock = Clock.systemUTC();
    /** When the timer fires next (shown to admins); null without a periodic cycle or before start. */
    private volatile Instant nextRun;
    /** Only touched on this verticle's context. */
    private Future<?> inFlight = Future.succeededFuture();
    /** Cycles started through {@link #runNow} (by an admin, or ticks on cleanup's own context), still running. */
    private final java.util.Set<Future<?>> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Where cycles run: this verticle's context unless {@code serve} gives them one of their own. */
    private volatile Context cycles;

    public CleanupTimerVerticle(RunCleanupUseCase cleanup, Duration interval) {
        this(cleanup, FIRST_CYCLE_DELAY.compareTo(interval) < 0 ? FIRST_CYCLE_DELAY : interval, interval, true);
    }

    /** No periodic cycle (CLEANUP_ENABLED=false): only the cycles an admin asks for. */
    public static CleanupTimerVerticle onDemandOnly(RunCleanupUseCase cleanup) {
        return new CleanupTimerVerticle(cleanup, FIRST_CYCLE_DELAY, FIRST_CYCLE_DELAY, false);
    }

    CleanupTimerVerticle(RunCleanupUseCase cleanup, Duration firstDelay, Duration interval) {
        this(cleanup, firstDelay, interval, true);
    }

    private CleanupTimerVerticle(RunCleanupUseCase cleanup, Duration firstDelay, Duration interval, boolean periodic) {
        this.cleanup = cleanup;
        this.firstDelay = firstDelay;
        this.interval = interval;
        this.periodic = periodic;
    }

    @Override
    public Future<?> start() {
        if (periodic) {
            nextRun = clock.instant().plus(firstDelay);
            timer = vertx.setPeriodic(Math.max(1, firstDelay.toMillis()), Math.max(1, interval.toMillis()), id -> {
                nextRun = nextRun.plus(interval);
                tick();
            });
            LOG.info("periodic cleanup every {} (first cycle in {})", interval, firstDelay);
        } else {
            LOG.info("periodic cleanup disabled (CLEANUP_ENABLED=false); cycles run only when an admin asks");
        }
        return Future.succeededFuture();
    }

    /**
     * Runs the cycles from now on on {@code cycles} (in {@code serve}, cleanup's own context at background
     * priority: {@link CleanupCyclesContext}) rather than on this verticle's context.
     */
    void runCyclesOn(Context cycles) {
        this.cycles = cycles;
    }

    /** A cycle on the cycles' context; the answer comes back on the caller's context. */
    public Future<CleanupOutcome> runNow(RunCleanupCommand command) {
        Promise<CleanupOutcome> answer = Promise.promise();
        Context on = cycles == null ? context : cycles;
        on.runOnContext(start -> cleanup.run(command).onComplete(answer));
        Future<CleanupOutcome> cycle = answer.future();
        running.add(cycle);
        cycle.onComplete(done -> running.remove(cycle));
        return cycle;
    }

    /** One timer tick; package-visible so that tests can tick without waiting. */
    void tick() {
        if (!inFlight.isComplete()) {
            LOG.info("cleanup tick skipped: the previous cycle of this instance is still running");
            return;
        }
        RunCleanupCommand scheduled = RunCleanupCommand.scheduled();
        inFlight = (cycles == null ? cleanup.run(scheduled) : runNow(scheduled))
                .onFailure(fault -> LOG.error("cleanup cycle failed: {}", String.valueOf(fault.getMessage()).replaceAll("\\s+", " ")));
    }

    /** Reads the next scheduled run on {@code clock} (the service's, which tests may move). */
    CleanupTimerVerticle withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** When this instance's timer starts its next cycle; empty when cycles run only on demand. */
    public Optional<Instant> nextScheduledRun() {
        return Optional.ofNullable(nextRun);
    }

    Duration firstDelay() {
        return firstDelay;
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        java.util.List<Future<?>> pending = new java.util.ArrayList<>(running);
        pending.add(inFlight);
        Promise<Void> stopped = Promise.promise();
        long grace = vertx.setTimer(STOP_GRACE.toMillis(), expired -> {
            if (stopped.tryComplete()) {
                LOG.warn("stopping without waiting further for the cleanup cycle in flight; the next cycle takes it over");
            }
        });
        Future.join(pending).onComplete(done -> {
            vertx.cancelTimer(grace);
            stopped.tryComplete();
        });
        return stopped.future();
    }
}
