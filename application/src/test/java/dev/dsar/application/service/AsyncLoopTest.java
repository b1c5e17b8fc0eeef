package dev.dsar.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncLoopTest {

    @Test
    void stepsRunOneAfterTheOtherUntilOneAnswersFalse() {
        AtomicInteger steps = new AtomicInteger();

        Future<Void> loop = AsyncLoop.whileTrue(() -> Future.succeededFuture(steps.incrementAndGet() < 5));

        assertThat(loop.succeeded()).isTrue();
        assertThat(steps).hasValue(5);
    }

    @Test
    void theNextStepStartsOnlyOnceThePreviousOneHasCompleted() {
        List<Promise<Boolean>> started = new ArrayList<>();

        Future<Void> loop = AsyncLoop.whileTrue(() -> {
            Promise<Boolean> step = Promise.promise();
            started.add(step);
            return step.future();
        });
        int beforeCompletion = started.size();
        started.get(0).complete(true);
        started.get(1).complete(false);

        assertThat(beforeCompletion).isEqualTo(1);
        assertThat(started).hasSize(2);
        assertThat(loop.succeeded()).isTrue();
    }

    @Test
    void aFailedOrThrowingStepFailsTheLoopAndNothingRunsAfterIt() {
        AtomicInteger steps = new AtomicInteger();

        Future<Void> failed = AsyncLoop.whileTrue(() -> steps.incrementAndGet() == 2
                ? Future.failedFuture(new IllegalStateException("disk gone")) : Future.succeededFuture(true));
        Future<Void> thrown = AsyncLoop.whileTrue(() -> {
            throw new IllegalStateException("bug");
        });

        assertThat(failed.cause()).hasMessage("disk gone");
        assertThat(steps).hasValue(2);
        assertThat(thrown.cause()).hasMessage("bug");
    }

    @Test
    void aHundredThousandStepsThatCompleteAtOnceDoNotGrowTheStack() {
        AtomicInteger steps = new AtomicInteger();

        Future<Void> loop = AsyncLoop.whileTrue(() -> Future.succeededFuture(steps.incrementAndGet() < 100_000));

        assertThat(loop.succeeded()).isTrue();
        assertThat(steps).hasValue(100_000);
    }

    @Test
    void aStepThatThrowsAfterManyImmediateStepsFailsTheLoop() {
        AtomicInteger steps = new AtomicInteger();

        Future<Void> loop = AsyncLoop.whileTrue(() -> {
            if (steps.incrementAndGet() == 50_000) {
                throw new IllegalStateException("bug at step 50000");
            }
            return Future.succeededFuture(true);
        });

        assertThat(loop.failed()).isTrue();
        assertThat(loop.cause()).hasMessage("bug at step 50000");
        assertThat(steps).hasValue(50_000);
    }

    @Test
    void stepsCompletedLaterAndAtOnceMayAlternate() {
        List<Promise<Boolean>> pending = new ArrayList<>();
        AtomicInteger steps = new AtomicInteger();

        Future<Void> loop = AsyncLoop.whileTrue(() -> {
            int step = steps.incrementAndGet();
            if (step % 1000 != 0) {
                return Future.succeededFuture(true);
            }
            Promise<Boolean> later = Promise.promise();
            pending.add(later);
            return later.future();
        });
        for (int i = 0; i < 10; i++) {
            pending.get(i).complete(i < 9);
        }

        assertThat(loop.succeeded()).isTrue();
        assertThat(steps).hasValue(10_000);
    }

    static final List<Duration> WAITS = List.of(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(4));

    @Test
    void aTryThatFailsIsRetriedAfterEachWaitInTurnUntilItSucceeds() {
        AtomicInteger tries = new AtomicInteger();
        List<Duration> waited = new ArrayList<>();
        List<String> heard = new ArrayList<>();

        Future<String> result = AsyncLoop.retrying(() -> tries.incrementAndGet() < 3
                        ? Future.failedFuture(new IllegalStateException("down " + tries.get()))
                        : Future.succeededFuture("stored"), WAITS, fault -> true,
                wait -> {
                    waited.add(wait);
                    return Future.succeededFuture();
                }, (fault, retry) -> heard.add(retry + ": " + fault.getMessage()));

        assertThat(result.result()).isEqualTo("stored");
        assertThat(waited).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(1));
        assertThat(heard).containsExactly("0: down 1", "1: down 2");
    }

    @Test
    void onceEveryWaitIsSpentTheLastFaultIsTheResult() {
        AtomicInteger tries = new AtomicInteger();

        Future<String> result = AsyncLoop.retrying(
                () -> Future.failedFuture(new IllegalStateException("down " + tries.incrementAndGet())), WAITS,
                fault -> true, wait -> Future.succeededFuture(), (fault, retry) -> { });

        assertThat(result.cause()).hasMessage("down 4");
        assertThat(tries).hasValue(WAITS.size() + 1);
    }

    @Test
    void aFaultThatIsNotRetryableEndsAtOnceWithoutWaiting() {
        List<Duration> waited = new ArrayList<>();

        Future<String> result = AsyncLoop.retrying(() -> Future.failedFuture(new IllegalArgumentException("lost")),
                WAITS, fault -> !(fault instanceof IllegalArgumentException), wait -> {
                    waited.add(wait);
                    return Future.succeededFuture();
                }, (fault, retry) -> { });

        assertThat(result.cause()).hasMessage("lost");
        assertThat(waited).isEmpty();
    }

    @Test
    void theNextTryStartsOnlyOnceTheWaitIsOver() {
        AtomicInteger tries = new AtomicInteger();
        Promise<Void> wait = Promise.promise();

        Future<String> result = AsyncLoop.retrying(() -> tries.incrementAndGet() == 1
                        ? Future.failedFuture(new IllegalStateException("down")) : Future.succeededFuture("stored"),
                WAITS, fault -> true, delay -> wait.future(), (fault, retry) -> { });
        int beforeTheWaitEnds = tries.get();
        wait.complete();

        assertThat(beforeTheWaitEnds).isEqualTo(1);
        assertThat(result.result()).isEqualTo("stored");
    }
}
