package dev.dsar.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PagePipelineTest {

    /** Pages 1..last, then 0 (empty); work on page n yields n; each hook may answer later. */
    static final class Pages implements PagePipeline.Steps<Integer, Integer> {
        final int last;
        final List<String> log = new ArrayList<>();
        IntFunction<Future<Integer>> reads = page -> Future.succeededFuture(page);
        IntFunction<Future<Integer>> works = page -> Future.succeededFuture(page);
        IntFunction<Future<Boolean>> writes = page -> Future.succeededFuture(true);

        Pages(int last) {
            this.last = last;
        }

        @Override
        public boolean isEmpty(Integer page) {
            return page == 0;
        }

        @Override
        public Future<Integer> next(Integer page) {
            int next = page < last ? page + 1 : 0;
            log.add("read " + next);
            return reads.apply(next);
        }

        @Override
        public Future<Integer> work(Integer page) {
            log.add("work " + page);
            return works.apply(page);
        }

        @Override
        public Future<Boolean> write(Integer result) {
            log.add("write " + result);
            return writes.apply(result);
        }
    }

    @Test
    void everyPageIsWorkedAndWrittenInOrderAndTheSweepGoesOn() {
        Pages pages = new Pages(3);

        Future<Boolean> sweep = PagePipeline.run(1, pages);

        assertThat(sweep.result()).isTrue();
        assertThat(pages.log).containsExactly("read 2", "work 1", "write 1", "read 3", "work 2", "write 2",
                "read 0", "work 3", "write 3");
    }

    @Test
    void theNextPageIsReadWhileThisPagesWorkRuns() {
        Pages pages = new Pages(2);
        Promise<Integer> firstWork = Promise.promise();
        pages.works = page -> page == 1 ? firstWork.future() : Future.succeededFuture(page);

        Future<Boolean> sweep = PagePipeline.run(1, pages);
        List<String> beforeTheWorkEnds = List.copyOf(pages.log);
        firstWork.complete(1);

        assertThat(beforeTheWorkEnds).containsExactly("read 2", "work 1");
        assertThat(sweep.result()).isTrue();
    }

    @Test
    void aWriteStartsOnlyOnceTheWriteTwoPagesBackHasSaidToGoOn() {
        Pages pages = new Pages(3);
        List<Promise<Boolean>> writes = new ArrayList<>();
        pages.writes = page -> {
            Promise<Boolean> write = Promise.promise();
            writes.add(write);
            return write.future();
        };

        Future<Boolean> sweep = PagePipeline.run(1, pages);
        int inFlightAtMost = writes.size();
        writes.get(0).complete(true);
        int afterTheFirst = writes.size();
        writes.get(1).complete(true);
        writes.get(2).complete(true);

        assertThat(inFlightAtMost).isEqualTo(2);
        assertThat(afterTheFirst).isEqualTo(3);
        assertThat(sweep.result()).isTrue();
    }

    @Test
    void aWriteThatSaysStopEndsTheSweepOnceTheWritesInFlightAreOver() {
        Pages pages = new Pages(10);
        pages.writes = page -> Future.succeededFuture(page < 2);

        Future<Boolean> sweep = PagePipeline.run(1, pages);

        assertThat(sweep.result()).isFalse();
        assertThat(pages.log).doesNotContain("work 4", "write 4");
    }

    @Test
    void aFaultInAPagesWorkFailsTheSweepOnlyAfterTheWritesInFlight() {
        Pages pages = new Pages(5);
        Promise<Boolean> firstWrite = Promise.promise();
        pages.writes = page -> page == 1 ? firstWrite.future() : Future.succeededFuture(true);
        pages.works = page -> page == 2 ? Future.failedFuture(new IllegalStateException("disk gone"))
                : Future.succeededFuture(page);

        Future<Boolean> sweep = PagePipeline.run(1, pages);
        boolean endedBeforeTheWrite = sweep.isComplete();
        firstWrite.complete(true);

        assertThat(endedBeforeTheWrite).isFalse();
        assertThat(sweep.cause()).hasMessage("disk gone");
        assertThat(pages.log).doesNotContain("write 2", "work 3");
    }

    @Test
    void aFaultReadingTheNextPageFailsTheSweepAfterThisPagesWrite() {
        Pages pages = new Pages(5);
        pages.reads = page -> page == 3 ? Future.failedFuture(new IllegalStateException("database gone"))
                : Future.succeededFuture(page);

        Future<Boolean> sweep = PagePipeline.run(1, pages);

        assertThat(sweep.cause()).hasMessage("database gone");
        assertThat(pages.log).endsWith("read 3", "work 2", "write 2");
    }

    @Test
    void aHundredThousandPagesAnsweredAtOnceDoNotGrowTheStack() {
        Pages pages = new Pages(100_000);

        assertThat(PagePipeline.run(1, pages).result()).isTrue();
        assertThat(pages.log).hasSize(300_000);
    }
}
