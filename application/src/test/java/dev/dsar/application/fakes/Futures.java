package dev.dsar.application.fakes;

import io.vertx.core.Future;

/** The fakes answer with completed futures, so a service's future is complete when the call returns. */
public final class Futures {

    private Futures() {
    }

    /** The result of a future that must already have succeeded. */
    public static <T> T done(Future<T> future) {
        if (!future.isComplete()) {
            throw new AssertionError("the future is not complete; every fake answers at once");
        }
        if (future.failed()) {
            throw new AssertionError("the future failed", future.cause());
        }
        return future.result();
    }
}
