package dev.dsar.application.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Loops over asynchronous steps: {@link #whileTrue} and {@link #retrying}, on which {@link PagePipeline} and the
 * export's outcome writes are built.
 *
 * <p>Repeats an asynchronous step without building a chain of futures. A future composed on the next step's future
 * keeps its mapper, and with it whatever the mapper captured, until the whole chain ends; a loop written as
 * "step, then recurse" therefore holds every step's data at once. Here each step starts the next and lets go.
 *
 * <p>Iterative: steps whose futures are already complete run one after the other in a plain loop, so any number
 * of them leaves the stack as it was; only a step still running when it returns resumes the loop from its
 * completion.
 */
final class AsyncLoop {

    private AsyncLoop() {
    }

    /** Runs {@code step} until it answers {@code false}; fails with the first step that fails or throws. */
    static Future<Void> whileTrue(Supplier<Future<Boolean>> step) {
        Promise<Void> done = Promise.promise();
        run(step, done);
        return done.future();
    }

    /**
     * Runs {@code attempt} until it succeeds; after a fault that {@code retryable} accepts, waits the next of
     * {@code waits} and tries again. Fails with the fault of the last try once the waits are spent, or at once with a
     * fault that is not retryable (or one of {@code wait}'s). {@code beforeRetry} hears each retried fault and its
     * index in {@code waits} before the wait.
     */
    static <T> Future<T> retrying(Supplier<Future<T>> attempt, List<Duration> waits, Predicate<Throwable> retryable,
                                  Function<Duration, Future<?>> wait, ObjIntConsumer<Throwable> beforeRetry) {
        Promise<T> result = Promise.promise();
        Iterator<Duration> left = waits.iterator();
        int[] retries = {0};
        whileTrue(() -> attempt.get().transform((value, fault) -> {
            if (fault == null) {
                result.complete(value);
                return Future.succeededFuture(false);
            }
            if (!left.hasNext() || !retryable.test(fault)) {
                result.fail(fault);
                return Future.succeededFuture(false);
            }
            beforeRetry.accept(fault, retries[0]++);
            return wait.apply(left.next()).map(true);
        })).onFailure(result::tryFail);
        return result.future();
    }

    private static void run(Supplier<Future<Boolean>> step, Promise<Void> done) {
        while (true) {
            Future<Boolean> current;
            try {
                current = step.get();
            } catch (Throwable broken) {
                done.tryFail(broken);
                return;
            }
            if (!current.isComplete()) {
                current.onComplete((more, fault) -> {
                    if (goesOn(more, fault, done)) {
                        run(step, done);
                    }
                });
                return;
            }
            if (!goesOn(current.result(), current.cause(), done)) {
                return;
            }
        }
    }

    /** Whether the loop takes another step; otherwise {@code done} is completed. */
    private static boolean goesOn(Boolean more, Throwable fault, Promise<Void> done) {
        if (fault != null) {
            done.tryFail(fault);
            return false;
        }
        if (!Boolean.TRUE.equals(more)) {
            done.tryComplete();
            return false;
        }
        return true;
    }
}
