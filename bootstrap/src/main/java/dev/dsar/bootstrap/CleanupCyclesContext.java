package dev.dsar.bootstrap;

import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.WorkerPool;
import io.vertx.core.spi.transport.Transport;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code serve} runs its cleanup cycles: a worker context (one thread, {@code dsar-cleanup-cycles-0}) on an
 * event loop of its own ({@code dsar-cleanup-loop}), which carries the cycles' database connections. The loop is
 * outside Vert.x's group, so no other context, and no connection of the main pool, ever lands on it. Both threads
 * run at background priority ({@link CleanupThreads}): while downloads want the CPU, a cycle gets what they leave.
 */
final class CleanupCyclesContext {

    static final String LOOP_THREAD = CleanupThreads.PREFIX + "-loop";
    static final String WORKER_POOL = CleanupThreads.PREFIX + "-cycles";

    private final EventLoopGroup loop;
    private final WorkerPool workers;
    private final Context context;

    private CleanupCyclesContext(EventLoopGroup loop, WorkerPool workers, Context context) {
        this.loop = loop;
        this.workers = workers;
        this.context = context;
    }

    static CleanupCyclesContext open(Vertx vertx) {
        VertxInternal internal = (VertxInternal) vertx;
        CleanupThreads threads = new CleanupThreads();
        ThreadFactory loopThread = task -> threads.newVertxThread(task, LOOP_THREAD, false,
                VertxOptions.DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME, VertxOptions.DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME_UNIT);
        EventLoopGroup loop = internal.transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, 1, loopThread, 50);
        // One thread: a worker context runs its tasks one after the other anyway.
        WorkerPool workers = internal.createSharedWorkerPool(WORKER_POOL, 1,
                VertxOptions.DEFAULT_MAX_WORKER_EXECUTE_TIME, VertxOptions.DEFAULT_MAX_WORKER_EXECUTE_TIME_UNIT);
        Context context = internal.contextBuilder().withThreadingModel(ThreadingModel.WORKER)
                .withEventLoop(loop.next()).withWorkerPool(workers).build();
        return new CleanupCyclesContext(loop, workers, context);
    }

    Context context() {
        return context;
    }

    /** After the cycles' database pool has closed: nothing may run here any more. */
    Future<Void> close() {
        workers.close();
        Promise<Void> closed = Promise.promise();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(done -> closed.complete());
        return closed.future();
    }
}
