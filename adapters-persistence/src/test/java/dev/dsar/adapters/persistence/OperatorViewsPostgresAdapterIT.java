package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.application.port.out.LoadAuditTrailPort.AuditEntry;
import dev.dsar.application.port.out.LoadRequestPagePort.Listed;
import dev.dsar.application.port.out.LoadRequestPagePort.PageKey;
import dev.dsar.application.port.out.LoadRequestPagePort.RequestFilter;
import dev.dsar.application.port.out.RecordCleanupRunPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupRun;
import dev.dsar.domain.CleanupTrigger;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class OperatorViewsPostgresAdapterIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final UserId ALICE = new UserId(42);
    private static final UserId BOB = new UserId(7);
    private static final Instant NO_EXPIRY = T0.minus(Duration.ofDays(365));

    private static Pool pool;
    private static DsarRequestPostgresAdapter requests;
    private static OperatorViewsPostgresAdapter views;
    private static CleanupPostgresAdapter cleanup;

    @BeforeAll
    static void start(Vertx vertx) {
        pool = db.pool(vertx);
        requests = new DsarRequestPostgresAdapter(pool);
        views = new OperatorViewsPostgresAdapter(pool);
        cleanup = new CleanupPostgresAdapter(pool);
    }

    @BeforeEach
    void emptyTables() {
        db.emptyServiceTables();
    }

    private static DsarRequest pending(String reference, UserId user, Instant at) {
        DsarRequest pending = DsarRequest.submit(new ReferenceId(reference), user, Actor.subject(user), at);
        requests.insert(pending, AuditEvent.of(pending, AuditAction.REQUESTED, pending.requestedBy(), at)).await();
        return pending;
    }

    private static DsarRequest failed(String reference, UserId user, Instant at) {
        DsarRequest claimed = store(pending(reference, user, at).claim("worker", at, Duration.ofMinutes(1)).request(),
                AuditAction.EXPORT_STARTED, at);
        return store(claimed.fail("worker", "boom", at).request(), AuditAction.EXPORT_FAILED, at);
    }

    private static DsarRequest completed(String reference, UserId user, Instant at) {
        DsarRequest claimed = store(pending(reference, user, at).claim("worker", at, Duration.ofMinutes(1)).request(),
                AuditAction.EXPORT_STARTED, at.plusSeconds(1));
        return store(claimed.complete("worker", new ExportArtifact("/srv/x.zip", 10, "a".repeat(64)), at.plusSeconds(2))
                .request(), AuditAction.EXPORT_COMPLETED, at.plusSeconds(2));
    }

    private static DsarRequest store(DsarRequest moved, AuditAction action, Instant at) {
        assertThat(requests.store(moved, AuditEvent.of(moved, action, Actor.system("worker"), at,
                Map.of("attempt", moved.attempts()))).await()).isTrue();
        return moved;
    }

    private static List<String> references(List<Listed> listed) {
        return listed.stream().map(row -> row.request().reference().value()).toList();
    }

    private static RequestFilter everything() {
        return new RequestFilter(Optional.empty(), Optional.empty(), NO_EXPIRY);
    }

    @Test
    void everyRequestComesNewestFirstAndTiesKeepTheirInsertionOrderReversed() {
        failed("a", ALICE, T0);
        failed("b", BOB, T0.plusSeconds(1));
        failed("c", ALICE, T0.plusSeconds(1));
        pending("d", BOB, T0.plusSeconds(2));

        assertThat(references(views.newestFirst(everything(), Optional.empty(), 10).await()))
                .containsExactly("d", "c", "b", "a");
    }

    @Test
    void pagesContinueAfterTheKeyOfTheLastRowShown() {
        for (int i = 0; i < 5; i++) {
            failed("r" + i, ALICE, T0.plusSeconds(i / 2));
        }
        List<String> seen = new ArrayList<>();
        Optional<PageKey> after = Optional.empty();
        for (int page = 0; page < 3; page++) {
            List<Listed> listed = views.newestFirst(everything(), after, 2).await();
            seen.addAll(references(listed));
            after = listed.isEmpty() ? after : Optional.of(listed.get(listed.size() - 1).key());
        }

        assertThat(seen).containsExactly("r4", "r3", "r2", "r1", "r0");
    }

    @Test
    void filtersByUserAndByStatusTogether() {
        failed("alice-failed", ALICE, T0);
        pending("alice-pending", ALICE, T0.plusSeconds(1));
        failed("bob-failed", BOB, T0);

        assertThat(references(views.newestFirst(new RequestFilter(Optional.of(ALICE), Optional.empty(), NO_EXPIRY),
                Optional.empty(), 10).await())).containsExactly("alice-pending", "alice-failed");
        assertThat(references(views.newestFirst(new RequestFilter(Optional.of(ALICE), Optional.of(DsarStatus.FAILED),
                NO_EXPIRY), Optional.empty(), 10).await())).containsExactly("alice-failed");
        assertThat(references(views.newestFirst(new RequestFilter(Optional.empty(), Optional.of(DsarStatus.FAILED),
                NO_EXPIRY), Optional.empty(), 10).await())).containsExactlyInAnyOrder("alice-failed", "bob-failed");
    }

    @Test
    void aCompletedExportCompletedAtOrBeforeTheCutoffCountsAsExpired() {
        DsarRequest old = completed("old", ALICE, T0);
        completed("recent", BOB, T0.plusSeconds(60));
        Instant cutoff = old.completedAt();

        assertThat(references(views.newestFirst(new RequestFilter(Optional.empty(), Optional.of(DsarStatus.EXPIRED),
                cutoff), Optional.empty(), 10).await())).containsExactly("old");
        assertThat(references(views.newestFirst(new RequestFilter(Optional.empty(), Optional.of(DsarStatus.COMPLETED),
                cutoff), Optional.empty(), 10).await())).containsExactly("recent");
    }

    @Test
    void theAuditTrailComesOldestFirstWithItsStoredCodesAndDetails() {
        completed("traced", ALICE, T0);

        List<AuditEntry> trail = views.trail(new ReferenceId("traced"), 10).await();

        assertThat(trail).extracting(AuditEntry::action)
                .containsExactly("requested", "export_started", "export_completed");
        assertThat(trail.get(0).actor()).isEqualTo("subject:42");
        assertThat(trail.get(0).at()).isEqualTo(T0);
        assertThat(trail.get(1).details().json()).isEqualTo("{\"attempt\":1}");
        assertThat(views.trail(new ReferenceId("traced"), 2).await()).hasSize(2);
        assertThat(views.trail(new ReferenceId("unknown"), 10).await()).isEmpty();
    }

    @Test
    void cleanupRunsComeNewestFirstOpenOnesWithoutAnEnd() {
        long first = cleanup.started(new RecordCleanupRunPort.CleanupRun("node-a", CleanupTrigger.SCHEDULE,
                Actor.system("cleanup"), false, Duration.ofDays(30), T0)).await();
        cleanup.finished(first, new CleanupReport(4, 3, 3000, 1, 2, 0, 0, 0, 0, false, 30, 120, Optional.empty()),
                T0.plusSeconds(1)).await();
        cleanup.started(new RecordCleanupRunPort.CleanupRun("node-b", CleanupTrigger.ADMIN, Actor.admin(BOB), true,
                Duration.ofDays(30), T0.plusSeconds(10))).await();

        List<CleanupRun> runs = views.recent(10).await();

        assertThat(runs).hasSize(2);
        CleanupRun open = runs.get(0);
        assertThat(open.instanceId()).isEqualTo("node-b");
        assertThat(open.trigger()).isEqualTo(CleanupTrigger.ADMIN);
        assertThat(open.actor()).contains(Actor.admin(BOB));
        assertThat(open.finishedAt()).isEmpty();
        assertThat(open.report().dryRun()).isTrue();
        CleanupRun done = runs.get(1);
        assertThat(done.startedAt()).isEqualTo(T0);
        assertThat(done.finishedAt()).contains(T0.plusSeconds(1));
        assertThat(done.report()).isEqualTo(new CleanupReport(4, 3, 3000, 1, 2, 0, 0, 0, 0, false, 30, 120,
                Optional.empty()));
        assertThat(views.recent(1).await()).containsExactly(open);
    }
}
