package dev.dsar.application.service;

import static dev.dsar.application.fakes.Futures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.InMemoryCleanupStore;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.fakes.TestRequests;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A sweep over many pages that the database answers at once runs in a loop, not down the stack. */
class CleanupSweepDepthTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final int PAGES = 3_000;

    final InMemoryCleanupStore store = new InMemoryCleanupStore();
    final MutableClock clock = new MutableClock(NOW);

    /** Full pages of the same requests, none of them expired yet: each page is read, decided and checkpointed. */
    final class EndlessPages implements LoadCleanupCandidatesPort {
        final List<DsarRequest> recent = new ArrayList<>();
        int served;

        EndlessPages() {
            for (int i = 0; i < CycleContext.BATCH; i++) {
                recent.add(TestRequests.completed(new ReferenceId("GDPR-R" + i), new UserId(i + 1), NOW, 1));
            }
        }

        @Override
        public Future<Page> expiredExports(Instant cutoff, Optional<PageKey> after, int limit) {
            if (served++ == PAGES) {
                return Future.succeededFuture(new Page(List.of(), Optional.empty()));
            }
            return Future.succeededFuture(new Page(recent, Optional.of(new PageKey(NOW, served))));
        }

        @Override
        public Future<Page> failedExportsWithFiles(Instant cutoff, Optional<PageKey> after, int limit) {
            return Future.succeededFuture(new Page(List.of(), Optional.empty()));
        }
    }

    @Test
    void thousandsOfPagesAnsweredAtOnceAreSweptWithoutOverflowingTheStack() {
        RecoverAbandonedExports recovery = new RecoverAbandonedExports(store, store, clock, store);
        CleanupPorts ports = new CleanupPorts(store, store, new EndlessPages(), store, store, store, store, store,
                recovery, store, store, clock);
        CleanupService service = new CleanupService(ports, new CleanupSettings(RetentionPolicy.ofDays(30),
                Duration.ofHours(1), Optional.empty(), "instance-a"), clock);

        CleanupOutcome outcome = done(service.run(RunCleanupCommand.scheduled()));

        assertThat(outcome).isInstanceOf(CleanupOutcome.Ran.class);
        assertThat(((CleanupOutcome.Ran) outcome).report().checked()).isEqualTo((long) PAGES * CycleContext.BATCH);
        assertThat(((CleanupOutcome.Ran) outcome).report().errors()).isZero();
    }
}
