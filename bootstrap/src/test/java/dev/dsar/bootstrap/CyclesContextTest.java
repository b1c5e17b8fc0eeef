package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CyclesContextTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void cleanupCyclesGetAWorkerContextOnTheEventLoopThatServesNoHttp() {
        Set<EventLoop> loops = new HashSet<>();
        for (EventExecutor loop : ((ContextInternal) vertx.getOrCreateContext()).owner().nettyEventLoopGroup()) {
            loops.add((EventLoop) loop);
        }
        Set<EventLoop> serving = new HashSet<>(loops);
        EventLoop spare = serving.iterator().next();
        serving.remove(spare);

        Context cycles = DsarService.cyclesContext(vertx, serving);

        assertThat(((ContextInternal) cycles).nettyEventLoop()).isSameAs(spare);
        assertThat(cycles.threadingModel()).isEqualTo(ThreadingModel.WORKER);
    }

    @Test
    void withoutASpareEventLoopCyclesStillGetAWorkerContext() {
        Set<EventLoop> all = new HashSet<>();
        for (EventExecutor loop : ((ContextInternal) vertx.getOrCreateContext()).owner().nettyEventLoopGroup()) {
            all.add((EventLoop) loop);
        }

        Context cycles = DsarService.cyclesContext(vertx, all);

        assertThat(cycles.threadingModel()).isEqualTo(ThreadingModel.WORKER);
    }
}
