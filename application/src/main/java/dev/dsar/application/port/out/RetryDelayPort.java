package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.time.Duration;

/** Completes after {@code delay}, without holding a thread: the pause between two tries of a write. */
@FunctionalInterface
public interface RetryDelayPort {

    Future<Void> after(Duration delay);
}
