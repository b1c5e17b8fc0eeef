package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.domain.CleanupReport;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.in.RunCleanupUseCase;
import dev.dsar.domain.CleanupTrigger;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CleanupTimerVerticleTest {

    private final Vertx vertx = Vertx.vertx();

    private final List<RecordingCleanup> cleanups = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        // Stopping waits for the cycles in flight: end those a test left running.
        cleanups.forEach(cleanup -> cleanup.cycles.forEach(cycle -> cycle.tryComplete(ran())));
        vertx.close().await();
    }

    private RecordingCleanup recording() {
        RecordingCleanup cleanup = new RecordingCleanup();
        cleanups.add(cleanup);
        return cleanup;
    }

    /** Records each cycle started; each one ends when the test completes its promise. */
    static final class RecordingCleanup implements RunCleanupUseCase {
        final List<RunCleanupCommand> commands = new CopyOnWriteArrayList<>();
        final List<Promise<CleanupOutcome>> cycles = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> firstCycle = new CompletableFuture<>();

        @Override
        public Future<CleanupOutcome> run(RunCleanupCommand command) {
            commands.add(command);
            Promise<CleanupOutcome> cycle = Promise.promise();
            cycles.add(cycle);
            firstCycle.complete(null);
            return cycle.future();
        }
    }

    static CleanupOutcome ran() {
        return new CleanupOutcome.Ran(new CleanupReport(0, 0, 0, 0, 0, 0, 0, 0, 0, false, 30, 1, Optional.empty()));
    }

    @Test
    void theFirstCycleRunsShortlyAfterStartAsAScheduledOne() throws Exception {
        RecordingCleanup cleanup = recording();

        vertx.deployVerticle(new CleanupTimerVerticle(cleanup, Duration.ofMillis(1), Duration.ofHours(1))).await();

        cleanup.firstCycle.get(30, TimeUnit.SECONDS);
        assertThat(cleanup.commands.get(0).trigger()).isEqualTo(CleanupTrigger.SCHEDULE);
        assertThat(cleanup.commands.get(0).dryRun()).isFalse();
    }

    @Test
    void aTickWhileThePreviousCycleStillRunsIsSkipped() {
        RecordingCleanup cleanup = recording();
        CleanupTimerVerticle timer = new CleanupTimerVerticle(cleanup, Duration.ofHours(1), Duration.ofHours(1));
        vertx.deployVerticle(timer).await();

        timer.tick();
        timer.tick();
        int whileRunning = cleanup.commands.size();
        cleanup.cycles.get(0).complete(ran());
        timer.tick();

        assertThat(whileRunning).isEqualTo(1);
        assertThat(cleanup.commands).hasSize(2);
    }

    @Test
    void aFailedCycleDoesNotStopTheNextTicks() {
        RecordingCleanup cleanup = recording();
        CleanupTimerVerticle timer = new CleanupTimerVerticle(cleanup, Duration.ofHours(1), Duration.ofHours(1));
        vertx.deployVerticle(timer).await();

        timer.tick();
        cleanup.cycles.get(0).fail(new IllegalStateException("database unreachable"));
        timer.tick();

        assertThat(cleanup.commands).hasSize(2);
    }

    @Test
    void theFirstCycleComesAfterTenSecondsOrOneIntervalIfThatIsShorter() {
        RecordingCleanup cleanup = recording();

        assertThat(new CleanupTimerVerticle(cleanup, Duration.ofMinutes(60)).firstDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new CleanupTimerVerticle(cleanup, Duration.ofSeconds(2)).firstDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void stoppingWaitsForTheCyclesInFlightSoThatThePoolsCloseAfterThem() throws Exception {
        RecordingCleanup cleanup = recording();
        CleanupTimerVerticle timer = new CleanupTimerVerticle(cleanup, Duration.ofHours(1), Duration.ofHours(1));
        vertx.deployVerticle(timer).await();
        Future<CleanupOutcome> asked = timer.runNow(RunCleanupCommand.fromCommandLine(false, Optional.empty()));
        cleanup.firstCycle.get(30, TimeUnit.SECONDS);
        timer.tick();

        Future<?> stopping = timer.stop();
        boolean stoppedWhileBothRan = stopping.isComplete();
        cleanup.cycles.get(1).complete(ran());
        boolean stoppedWhileTheAskedCycleRan = stopping.isComplete();
        cleanup.cycles.get(0).complete(ran());
        stopping.await();

        assertThat(cleanup.commands).hasSize(2);
        assertThat(stoppedWhileBothRan).isFalse();
        assertThat(stoppedWhileTheAskedCycleRan).isFalse();
        assertThat(asked.await()).isInstanceOf(CleanupOutcome.Ran.class);
    }
}
