package dev.dsar.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
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
}
