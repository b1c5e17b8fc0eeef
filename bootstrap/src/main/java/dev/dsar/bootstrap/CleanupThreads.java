package dev.dsar.bootstrap;

import io.vertx.core.impl.VertxThread;
import io.vertx.core.spi.VertxThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x threads as the service starts them: those whose name begins with {@value #PREFIX} (cleanup's worker
 * pools and its event loop) lower themselves to background priority before they run anything; every other
 * thread is left as Vert.x makes it.
 */
final class CleanupThreads implements VertxThreadFactory {

    /** Every thread cleanup cycles run on is named so, and no other. */
    static final String PREFIX = "dsar-cleanup";

    @Override
    public VertxThread newVertxThread(Runnable target, String name, boolean worker, long maxExecTime,
                                      TimeUnit maxExecTimeUnit) {
        Runnable body = name.startsWith(PREFIX) ? () -> {
            BackgroundPriority.lowerCurrentThread();
            target.run();
        } : target;
        return new VertxThread(body, name, worker, maxExecTime, maxExecTimeUnit);
    }
}
