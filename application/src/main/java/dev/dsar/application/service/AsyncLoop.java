package dev.dsar.application.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * Repeats an asynchronous step without building a chain of futures. A future composed on the next step's future
 * keeps its mapper, and with it whatever the mapper captured, until the whole chain ends; a loop written as
 * "step, then recurse" therefore holds every step's data at once. Here each step starts the next and lets go.
 */
final class AsyncLoop {

    private AsyncLoop() {
    }

    /** Runs {@code step} until it answers {@code false}; fails with the first step that fails. */
    static Future<Void> whileTrue(Supplier<Future<Boolean>> step) {
        Promise<Void> done = Promise.promise();
        next(step, done);
        return done.future();
    }

    private static void next(Supplier<Future<Boolean>> step, Promise<Void> done) {
        Future<Boolean> current;
        try {
            current = step.get();
        } catch (RuntimeException broken) {
            done.tryFail(broken);
            return;
        }
        current.map(more -> {
            if (more) {
                next(step, done);
            } else {
                done.tryComplete();
            }
            return null;
        }).recover(fault -> {
            done.tryFail(fault);
            return Future.succeededFuture();
        });
    }
}
