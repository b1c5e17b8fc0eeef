package dev.dsar.application.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * Repeats an asynchronous step without building a chain of futures. A future composed on the next step's future
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
