package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cleanup's threads run at background priority, and only they: checked with the kernel's own nice values. */
class CleanupCyclesContextTest {

    private final Vertx vertx = ServiceVertx.create(new VertxOptions().setEventLoopPoolSize(2), null);
    private final CleanupCyclesContext cycles = CleanupCyclesContext.open(vertx);

    @AfterEach
    void close() {
        cycles.close().await();
        vertx.close().await();
    }

    record Seen(String thread, OptionalInt nice, boolean worker) {
    }

    private static Seen here() {
        return new Seen(Thread.currentThread().getName(), BackgroundPriority.currentThreadNice(),
                io.vertx.core.Context.isOnWorkerThread());
    }

    private static int callerNice() {
        OptionalInt nice = BackgroundPriority.currentThreadNice();
        assumeTrue(nice.isPresent(), "threads have a nice value of their own only on Linux");
        assumeTrue(nice.getAsInt() < BackgroundPriority.NICE, "this JVM already runs at background priority");
        return nice.getAsInt();
    }

    @Test
    void cyclesRunOnAWorkerThreadOfTheirOwnAtBackgroundPriority() {
        callerNice();
        Promise<Seen> seen = Promise.promise();
        cycles.context().runOnContext(nothing -> seen.complete(here()));

        Seen cycle = seen.future().await();

        assertThat(cycle.thread()).startsWith(CleanupCyclesContext.WORKER_POOL + "-");
        assertThat(cycle.worker()).isTrue();
        assertThat(cycle.nice()).hasValue(BackgroundPriority.NICE);
        assertThat(cycles.context().threadingModel()).isEqualTo(ThreadingModel.WORKER);
    }

    @Test
    void theirEventLoopIsNoneOfVertxsAndRunsAtBackgroundPriority() {
        callerNice();
        EventLoop loop = ((ContextInternal) cycles.context()).nettyEventLoop();
        for (EventExecutor shared : ((VertxInternal) vertx).nettyEventLoopGroup()) {
            assertThat(shared).isNotSameAs(loop);
        }
        Promise<Seen> seen = Promise.promise();
        loop.execute(() -> seen.complete(here()));

        Seen onLoop = seen.future().await();

        assertThat(onLoop.thread()).isEqualTo(CleanupCyclesContext.LOOP_THREAD);
        assertThat(onLoop.nice()).hasValue(BackgroundPriority.NICE);
    }

    @Test
    void cleanupsFileWorkersAreLoweredAndEveryOtherThreadIsNot() {
        int normal = callerNice();

        Seen cleanupWorker = vertx.createSharedWorkerExecutor("dsar-cleanup").executeBlocking(CleanupCyclesContextTest::here).await();
        Seen otherWorker = vertx.executeBlocking(CleanupCyclesContextTest::here).await();
        Promise<Seen> seen = Promise.promise();
        vertx.getOrCreateContext().runOnContext(nothing -> seen.complete(here()));
        Seen eventLoop = seen.future().await();

        assertThat(cleanupWorker.nice()).hasValue(BackgroundPriority.NICE);
        assertThat(otherWorker.thread()).startsWith("vert.x-worker-thread");
        assertThat(otherWorker.nice()).hasValue(normal);
        assertThat(eventLoop.thread()).startsWith("vert.x-eventloop-thread");
        assertThat(eventLoop.nice()).hasValue(normal);
    }

    @Test
    void whatACleanupThreadHandsToVertxRunsAtNormalPriority() {
        int normal = callerNice();
        // A thread inherits the nice value of the thread that starts it: the first tasks a cleanup thread hands to
        // the event loops and to the worker pool must not start their threads from it.
        List<Seen> seen = vertx.createSharedWorkerExecutor("dsar-cleanup").executeBlocking(() -> {
            List<Seen> handed = new ArrayList<>();
            for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
                CompletableFuture<Seen> onLoop = new CompletableFuture<>();
                loop.execute(() -> onLoop.complete(here()));
                handed.add(onLoop.join());
            }
            handed.add(vertx.executeBlocking(CleanupCyclesContextTest::here, false).toCompletionStage().toCompletableFuture().join());
            return handed;
        }).await();

        assertThat(seen).hasSize(3).allSatisfy(thread -> assertThat(thread.nice()).hasValue(normal));
    }
}
