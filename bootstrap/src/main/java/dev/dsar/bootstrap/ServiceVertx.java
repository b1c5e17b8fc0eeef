package dev.dsar.bootstrap;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.WorkerPool;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.transport.Transport;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Every Vert.x instance of the service, {@code serve} and one-shot commands alike: as {@code Vertx.builder()}
 * makes it, with {@link CleanupThreads} starting its threads (the public builder takes no thread factory).
 */
final class ServiceVertx {

    private ServiceVertx() {
    }

    /** {@code metrics} may be null: no metrics. */
    static Vertx create(VertxOptions options, VertxMetricsFactory metrics) {
        Transport transport = options.getPreferNativeTransport() ? Transport.nativeTransport() : null;
        Vertx vertx = VertxBootstrap.create()
                .options(options)
                .metricsFactory(metrics)
                .threadFactory(new CleanupThreads())
                .transport((transport == null ? Transport.NIO : transport).implementation())
                .init()
                .vertx();
        startThreadsNow((VertxInternal) vertx);
        return vertx;
    }

    /**
     * A thread starts with the nice value of the thread that starts it, and Netty and the worker pools start
     * theirs on first use, from whichever thread hands them a task: a cleanup thread could otherwise start an
     * event loop or a worker that serves downloads, at background priority for good. So all of them start here,
     * from the caller's thread.
     */
    private static void startThreadsNow(VertxInternal vertx) {
        for (EventLoopGroup group : List.of(vertx.nettyEventLoopGroup(), vertx.acceptorEventLoopGroup())) {
            for (EventExecutor loop : group) {
                loop.execute(() -> { });
            }
        }
        for (WorkerPool pool : List.of(vertx.workerPool(), vertx.internalWorkerPool())) {
            if (pool.executor() instanceof ThreadPoolExecutor threads) {
                threads.prestartAllCoreThreads();
            }
        }
    }
}
