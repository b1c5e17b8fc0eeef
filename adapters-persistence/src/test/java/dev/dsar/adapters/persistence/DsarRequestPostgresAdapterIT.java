package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.application.port.out.InsertRequestPort.InsertOutcome;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class DsarRequestPostgresAdapterIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final AtomicLong NEXT_USER = new AtomicLong(1000);

    private static Vertx vertx;
    private static Pool pool;
    private static DsarRequestPostgresAdapter adapter;

    @BeforeAll
    static void start(Vertx given) {
        vertx = given;
        pool = db.pool(vertx, 8);
        adapter = new DsarRequestPostgresAdapter(pool);
    }

    @Test
    void insertedRequestReadsBackIdenticallyWithItsAuditEvent() {
        DsarRequest request = submit(newUser(), "GDPR-IT-INSERT-1");

        InsertOutcome outcome = insert(request);

        assertThat(outcome).isEqualTo(new InsertOutcome.Inserted(request));
        assertThat(adapter.findByReference(request.reference()).await()).contains(request);
        Row audit = single("SELECT action, actor, user_id, occurred_at FROM dsar_audit_events WHERE gdpr_reference_id = $1",
                request.reference().value());
        assertThat(audit.getString("action")).isEqualTo("requested");
        assertThat(audit.getString("actor")).isEqualTo(request.requestedBy().code());
        assertThat(audit.getLong("user_id")).isEqualTo(request.userId().value());
        assertThat(audit.getOffsetDateTime("occurred_at").toInstant()).isEqualTo(T0);
    }

    @Test
    void concurrentLookupsOnOneEventLoopEachGetTheirOwnRequestOrNone() {
        List<DsarRequest> stored = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            DsarRequest request = submit(newUser(), "GDPR-IT-MANY-" + i);
            insert(request);
            stored.add(request);
        }
        List<ReferenceId> asked = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            stored.forEach(request -> asked.add(request.reference()));
            asked.add(new ReferenceId("GDPR-IT-MANY-UNKNOWN-" + round));
        }
        java.util.concurrent.CompletableFuture<List<Future<java.util.Optional<DsarRequest>>>> started =
                new java.util.concurrent.CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            List<Future<java.util.Optional<DsarRequest>>> lookups = new ArrayList<>();
            asked.forEach(reference -> lookups.add(adapter.findByReference(reference)));
            started.complete(lookups);
        });

        List<Future<java.util.Optional<DsarRequest>>> lookups = started.join();

        for (int i = 0; i < asked.size(); i++) {
            java.util.Optional<DsarRequest> found = lookups.get(i).await();
            if (asked.get(i).value().contains("UNKNOWN")) {
                assertThat(found).as(asked.get(i).value()).isEmpty();
            } else {
                assertThat(found).as(asked.get(i).value()).contains(stored.get(i % (stored.size() + 1)));
            }
        }
    }

    @Test
    void secondActiveRequestOfAUserIsRefusedNamingTheActiveOne() {
        UserId user = newUser();
        DsarRequest first = submit(user, "GDPR-IT-ACTIVE-1");
        insert(first);

        InsertOutcome second = insert(submit(user, "GDPR-IT-ACTIVE-2"));

        assertThat(second).isEqualTo(new InsertOutcome.ActiveRequestExists(first.reference()));
        assertThat(adapter.findByReference(new ReferenceId("GDPR-IT-ACTIVE-2")).await()).isEmpty();
        assertThat(auditCount("GDPR-IT-ACTIVE-2")).isZero();
    }

    @Test
    void referenceCarriedByAnotherRequestIsRefused() {
        insert(submit(newUser(), "GDPR-IT-TAKEN"));

        InsertOutcome outcome = insert(submit(newUser(), "GDPR-IT-TAKEN"));

        assertThat(outcome).isEqualTo(new InsertOutcome.ReferenceTaken(new ReferenceId("GDPR-IT-TAKEN")));
    }

    @Test
    void userMayRequestAgainOnceTheEarlierExportIsCompleted() {
        UserId user = newUser();
        DsarRequest first = submit(user, "GDPR-IT-AGAIN-1");
        insert(first);
        DsarRequest completed = complete(first);

        InsertOutcome again = insert(submit(user, "GDPR-IT-AGAIN-2"));

        assertThat(again).isInstanceOf(InsertOutcome.Inserted.class);
        assertThat(adapter.findByReference(first.reference()).await()).contains(completed);
    }

    @Test
    void concurrentRequestsOfOneUserLeaveExactlyOneActive() {
        UserId user = newUser();
        List<Future<InsertOutcome>> attempts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            attempts.add(adapter.insert(submit(user, "GDPR-IT-RACE-" + i),
                    AuditEvent.of(submit(user, "GDPR-IT-RACE-" + i), AuditAction.REQUESTED, Actor.subject(user), T0)));
        }
        Future.join(attempts).await();

        long inserted = attempts.stream().filter(f -> f.result() instanceof InsertOutcome.Inserted).count();
        assertThat(inserted).isEqualTo(1);
        assertThat(attempts).extracting(Future::result)
                .filteredOn(o -> !(o instanceof InsertOutcome.Inserted))
                .allSatisfy(o -> assertThat(o).isInstanceOf(InsertOutcome.ActiveRequestExists.class));
        assertThat(single("SELECT count(*) AS n FROM dsar_requests WHERE user_id = $1", user.value()).getLong("n"))
                .isEqualTo(1);
    }

    @Test
    void usersRequestsAreListedNewestFirstWithoutOtherUsersRequests() {
        UserId user = newUser();
        DsarRequest older = submit(user, "GDPR-IT-LIST-1");
        insert(older);
        complete(older);
        DsarRequest newer = DsarRequest.submit(new ReferenceId("GDPR-IT-LIST-2"), user, Actor.subject(user),
                T0.plusSeconds(60));
        insert(newer);
        insert(submit(newUser(), "GDPR-IT-LIST-OTHER"));

        List<DsarRequest> listed = adapter.listByUser(user).await();

        assertThat(listed).extracting(DsarRequest::reference).extracting(ReferenceId::value)
                .containsExactly("GDPR-IT-LIST-2", "GDPR-IT-LIST-1");
    }

    @Test
    void unknownReferenceIsEmpty() {
        assertThat(adapter.findByReference(new ReferenceId("GDPR-IT-NOBODY")).await()).isEmpty();
    }

    @Test
    void moveIsStoredOnlyFromTheVersionItStartedFrom() {
        DsarRequest request = submit(newUser(), "GDPR-IT-STALE");
        insert(request);
        DsarRequest claimedByA = request.claim("worker-a", T0, Duration.ofMinutes(2)).request();
        DsarRequest claimedByB = request.claim("worker-b", T0, Duration.ofMinutes(2)).request();

        boolean a = adapter.store(claimedByA, AuditEvent.of(claimedByA, AuditAction.EXPORT_STARTED, Actor.system("worker-a"), T0)).await();
        boolean b = adapter.store(claimedByB, AuditEvent.of(claimedByB, AuditAction.EXPORT_STARTED, Actor.system("worker-b"), T0)).await();

        assertThat(a).isTrue();
        assertThat(b).isFalse();
        assertThat(adapter.findByReference(request.reference()).await()).contains(claimedByA);
        assertThat(single("SELECT count(*) AS n FROM dsar_audit_events WHERE gdpr_reference_id = $1 AND action = 'export_started'",
                "GDPR-IT-STALE").getLong("n")).isEqualTo(1);
    }

    @Test
    void everyFieldOfAnExpiredRequestSurvivesTheRoundTrip() {
        DsarRequest request = submit(newUser(), "GDPR-IT-FIELDS");
        insert(request);
        DsarRequest completed = complete(request);
        DsarRequest expired = completed.expire(dev.dsar.domain.RetentionPolicy.ofDays(1), T0.plus(Duration.ofDays(2)))
                .request();
        assertThat(adapter.store(expired, AuditEvent.of(expired, AuditAction.FILE_DELETED, Actor.system("cleanup"),
                T0.plus(Duration.ofDays(2)), Map.of("bytes", 10))).await()).isTrue();

        DsarRequest read = adapter.findByReference(request.reference()).await().orElseThrow();

        assertThat(read).isEqualTo(expired);
        assertThat(read.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(read.storagePath()).isNull();
        assertThat(read.exportSha256()).isEqualTo("a".repeat(64));
        assertThat(read.fileDeletedAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void claimTakesTheOldestDuePendingRequestUnderALeaseWithAnAuditEvent() {
        db.execute("UPDATE dsar_requests SET status = 'failed', failed_at = now() WHERE status = 'pending'");
        DsarRequest older = DsarRequest.submit(new ReferenceId("GDPR-IT-CLAIM-OLD"), newUser(), Actor.operator(),
                T0.minusSeconds(10));
        DsarRequest newer = submit(newUser(), "GDPR-IT-CLAIM-NEW");
        insert(older);
        insert(newer);

        DsarRequest claimed = adapter.claimNext("worker-a", T0, Duration.ofMinutes(2)).await().orElseThrow();

        assertThat(claimed.reference()).isEqualTo(older.reference());
        assertThat(claimed.status()).isEqualTo(DsarStatus.PROCESSING);
        assertThat(claimed.lease().owner()).isEqualTo("worker-a");
        assertThat(claimed.lease().expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(adapter.findByReference(older.reference()).await()).contains(claimed);
        assertThat(single("SELECT actor FROM dsar_audit_events WHERE gdpr_reference_id = $1 AND action = 'export_started'",
                "GDPR-IT-CLAIM-OLD").getString("actor")).isEqualTo("system:worker-a");
        db.execute("UPDATE dsar_requests SET status = 'failed', failed_at = now(), lease_owner = NULL,"
                + " lease_expires_at = NULL WHERE status IN ('pending', 'processing')");
    }

    @Test
    void requestWaitingForItsNextAttemptIsNotClaimedBeforeItIsDue() {
        db.execute("UPDATE dsar_requests SET status = 'failed', failed_at = now() WHERE status = 'pending'");
        DsarRequest request = submit(newUser(), "GDPR-IT-CLAIM-LATER");
        insert(request);
        DsarRequest claimed = adapter.claimNext("worker-a", T0, Duration.ofMinutes(2)).await().orElseThrow();
        DsarRequest retrying = claimed.retryLater("worker-a", "database unavailable", T0, T0.plusSeconds(30)).request();
        assertThat(adapter.store(retrying, AuditEvent.of(retrying, AuditAction.EXPORT_RETRY_SCHEDULED,
                Actor.system("worker-a"), T0)).await()).isTrue();

        assertThat(adapter.claimNext("worker-b", T0.plusSeconds(29), Duration.ofMinutes(2)).await()).isEmpty();
        assertThat(adapter.claimNext("worker-b", T0.plusSeconds(30), Duration.ofMinutes(2)).await())
                .hasValueSatisfying(again -> assertThat(again.attempts()).isEqualTo(2));
        db.execute("UPDATE dsar_requests SET status = 'failed', failed_at = now(), lease_owner = NULL,"
                + " lease_expires_at = NULL WHERE status IN ('pending', 'processing')");
    }

    @Test
    void workersClaimingAtOnceNeverShareARequest() {
        db.execute("UPDATE dsar_requests SET status = 'failed', failed_at = now() WHERE status = 'pending'");
        for (int i = 0; i < 10; i++) {
            insert(submit(newUser(), "GDPR-IT-CLAIM-RACE-" + i));
        }
        List<Future<java.util.Optional<DsarRequest>>> claims = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            claims.add(adapter.claimNext("worker-" + i, T0, Duration.ofMinutes(2)));
        }
        Future.join(claims).await();

        List<ReferenceId> claimed = claims.stream().map(Future::result).flatMap(java.util.Optional::stream)
                .map(DsarRequest::reference).toList();
        assertThat(claimed).hasSize(10).doesNotHaveDuplicates();
        db.execute("UPDATE dsar_requests SET status = 'failed', failed_at = now(), lease_owner = NULL,"
                + " lease_expires_at = NULL WHERE status IN ('pending', 'processing')");
    }

    @Test
    void abandonedExportIsFoundByItsExpiredLeaseAndRequeuedForAnotherWorker() {
        db.execute("UPDATE dsar_requests SET status = 'failed', failed_at = now() WHERE status = 'pending'");
        insert(submit(newUser(), "GDPR-IT-ABANDONED"));
        DsarRequest claimed = adapter.claimNext("crashed-worker", T0, Duration.ofMinutes(2)).await().orElseThrow();
        Instant beforeExpiry = T0.plus(Duration.ofMinutes(2)).minusMillis(1);
        Instant atExpiry = T0.plus(Duration.ofMinutes(2));

        assertThat(adapter.findAbandoned(beforeExpiry, 10).await()).isEmpty();
        assertThat(adapter.findAbandoned(atExpiry, 10).await()).containsExactly(claimed);

        var recovery = new dev.dsar.application.service.RecoverAbandonedExports(adapter, adapter,
                () -> Future.succeededFuture(atExpiry),
                partial -> Future.succeededFuture(new dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval.AlreadyGone()))
                .recover(Actor.system("cleanup")).await();
        DsarRequest again = adapter.claimNext("worker-b", atExpiry, Duration.ofMinutes(2)).await().orElseThrow();

        assertThat(recovery.requeued()).isEqualTo(1);
        assertThat(again.reference()).isEqualTo(claimed.reference());
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.lease().owner()).isEqualTo("worker-b");
        db.execute("UPDATE dsar_requests SET status = 'failed', failed_at = now(), lease_owner = NULL,"
                + " lease_expires_at = NULL WHERE status IN ('pending', 'processing')");
    }

    @Test
    void theSharedClockIsTheDatabasesPresentNotThisHostsClock() {
        Instant before = single("SELECT clock_timestamp() AS t WHERE $1", true).getOffsetDateTime("t").toInstant();
        Instant shared = adapter.now().await();
        Instant after = single("SELECT clock_timestamp() AS t WHERE $1", true).getOffsetDateTime("t").toInstant();

        assertThat(shared).isBetween(before, after);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static UserId newUser() {
        return new UserId(NEXT_USER.incrementAndGet());
    }

    private static DsarRequest submit(UserId user, String reference) {
        return DsarRequest.submit(new ReferenceId(reference), user, Actor.subject(user), T0);
    }

    private static InsertOutcome insert(DsarRequest request) {
        return adapter.insert(request, AuditEvent.of(request, AuditAction.REQUESTED, request.requestedBy(), T0)).await();
    }

    private static DsarRequest complete(DsarRequest pending) {
        DsarRequest claimed = pending.claim("worker", T0, Duration.ofMinutes(2)).request();
        DsarRequest completed = claimed.complete("worker",
                new ExportArtifact("/srv/exports/dsar_" + pending.reference() + "_20260301_100000.zip", 10, "a".repeat(64)),
                T0.plusSeconds(5)).request();
        assertThat(adapter.store(claimed, AuditEvent.of(claimed, AuditAction.EXPORT_STARTED, Actor.system("worker"), T0)).await())
                .isTrue();
        assertThat(adapter.store(completed, AuditEvent.of(completed, AuditAction.EXPORT_COMPLETED, Actor.system("worker"), T0)).await())
                .isTrue();
        return completed;
    }

    private static long auditCount(String reference) {
        return single("SELECT count(*) AS n FROM dsar_audit_events WHERE gdpr_reference_id = $1", reference).getLong("n");
    }

    private static Row single(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.of(parameter)).await().iterator().next();
    }
}
