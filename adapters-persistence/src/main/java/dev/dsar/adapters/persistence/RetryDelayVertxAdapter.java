package dev.dsar.adapters.persistence;

import dev.dsar.application.port.out.RetryDelayPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The pause before a database write is tried again: a Vert.x timer, no thread held while it runs. */
public final class RetryDelayVertxAdapter implements RetryDelayPort {

    private final Vertx vertx;

    public RetryDelayVertxAdapter(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Future<Void> after(Duration delay) {
        return vertx.timer(Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS).mapEmpty();
    }
}
