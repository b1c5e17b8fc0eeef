package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupTotals;
import dev.dsar.application.port.out.CleanupLockPort.Acquisition;
import dev.dsar.application.port.out.ExportFileOwnersPort.Ownership;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort.Page;
import dev.dsar.application.port.out.RecordCleanupRunPort.CleanupRun;
import dev.dsar.application.port.out.StoreTransitionBatchPort.Move;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.CleanupTrigger;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class CleanupPostgresAdapterIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final String ROOT = "/srv/exports";
    private static final AtomicLong NEXT_USER = new AtomicLong(5000);

    private static Pool pool;
    private static DsarRequestPostgresAdapter requests;
    private static CleanupPostgresAdapter cleanup;

    @BeforeAll
    static void start(Vertx vertx) {
        pool = db.pool(vertx, 8);
        requests = new DsarRequestPostgresAdapter(pool);
        cleanup = new CleanupPostgresAdapter(pool);
    }

    @BeforeEach
    void emptyTables() {
        db.emptyServiceTables();
    }

    // ---- the lock -------------------------------------------------------------------------------------------

    @Test
    void theLockGoesToOneHolderAndOthersLearnWhichInstanceHoldsItUntilWhen() {
        Acquisition first = cleanup.tryAcquire("a#1", "instance-a", T0, LEASE).await();
        Acquisition second = cleanup.tryAcquire("b#1", "instance-b", T0.plusSeconds(30), LEASE).await();

        assertThat(first).isInstanceOf(Acquisition.Acquired.class);
        assertThat(second).isEqualTo(new Acquisition.HeldElsewhere("instance-a", T0, T0.plus(LEASE)));
    }

    @Test
    void aLeaseThatRanOutIsTakenOverAndItsFormerHolderCanNeitherRenewNorReleaseIt() {
        cleanup.tryAcquire("a#1", "instance-a", T0, LEASE).await();

        Acquisition takeover = cleanup.tryAcquire("b#1", "instance-b", T0.plus(LEASE), LEASE).await();
        boolean renewedByFormer = cleanup.renew("a#1", T0.plus(LEASE), LEASE).await();
        cleanup.release("a#1").await();
        Acquisition third = cleanup.tryAcquire("c#1", "instance-c", T0.plus(LEASE).plusSeconds(1), LEASE).await();

        assertThat(takeover).isInstanceOf(Acquisition.Acquired.class);
        assertThat(renewedByFormer).isFalse();
        assertThat(third).isEqualTo(new Acquisition.HeldElsewhere("instance-b", T0.plus(LEASE), T0.plus(LEASE).plus(LEASE)));
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstExpiry() {
        cleanup.tryAcquire("a#1", "instance-a", T0, LEASE).await();

        boolean renewed = cleanup.renew("a#1", T0.plusSeconds(100), LEASE).await();
        Acquisition other = cleanup.tryAcquire("b#1", "instance-b", T0.plus(LEASE), LEASE).await();

        assertThat(renewed).isTrue();
        assertThat(other).isEqualTo(new Acquisition.HeldElsewhere("instance-a", T0, T0.plusSeconds(100).plus(LEASE)));
    }

    @Test
    void aReleasedLockIsFreeAtOnce() {
        cleanup.tryAcquire("a#1", "instance-a", T0, LEASE).await();
        cleanup.release("a#1").await();

        assertThat(cleanup.tryAcquire("b#1", "instance-b", T0.plusSeconds(1), LEASE).await())
                .isInstanceOf(Acquisition.Acquired.class);
    }

    @Test
    void ofManyInstancesTryingAtOnceExactlyOneGetsTheLock() {
        List<Future<Acquisition>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            attempts.add(cleanup.tryAcquire("i" + i + "#1", "instance-" + i, T0, LEASE));
        }
        Future.join(attempts).await();

        assertThat(attempts.stream().filter(a -> a.result() instanceof Acquisition.Acquired)).hasSize(1);
    }

    // ---- run records ----------------------------------------------------------------------------------------

    @Test
    void withoutAnyCycleTheTotalsAreZeroAndThereIsNoLastRun() {
        assertThat(cleanup.totals().await()).isEqualTo(new CleanupTotals(0, 0, 0, 0, 0, Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void totalsSumTheRealCyclesOfEveryInstanceAndDescribeTheLastOne() {
        long first = cleanup.started(run("instance-a", false, T0)).await();
        cleanup.finished(first, report(3, 2, 1, 4, 1000, false, Optional.empty(), 120), T0.plusSeconds(1)).await();
        long dry = cleanup.started(run("instance-a", true, T0.plusSeconds(10))).await();
        cleanup.finished(dry, report(50, 50, 50, 50, 99_999, true, Optional.empty(), 5), T0.plusSeconds(11)).await();
        long last = cleanup.started(run("instance-b", false, T0.plusSeconds(20))).await();
        cleanup.finished(last, report(1, 0, 0, 1, 10, false, Optional.of("export X: refused: outside"), 70),
                T0.plusSeconds(21)).await();

        CleanupTotals totals = cleanup.totals().await();

        assertThat(totals).isEqualTo(new CleanupTotals(2, 4, 2, 1, 1010, Optional.of(T0.plusSeconds(20)),
                Optional.of(70L), Optional.of("export X: refused: outside")));
    }

    @Test
    void aCycleStillRunningCountsWhatItSavedSoFarAndHasNoDurationYet() {
        long running = cleanup.started(run("instance-a", false, T0)).await();
        cleanup.progressed(running, report(7, 7, 0, 0, 700, false, Optional.empty(), 40)).await();

        CleanupTotals totals = cleanup.totals().await();
        Row row = single("SELECT * FROM dsar_cleanup_runs WHERE id = $1", running);

        assertThat(totals.totalCycles()).isEqualTo(1);
        assertThat(totals.expiredFilesRemoved()).isEqualTo(7);
        assertThat(totals.lastRun()).contains(T0);
        assertThat(totals.lastDurationMs()).isEmpty();
        assertThat(row.getString("instance_id")).isEqualTo("instance-a");
        assertThat(row.getString("trigger")).isEqualTo("schedule");
        assertThat(row.getString("actor")).isEqualTo("system:cleanup");
        assertThat(row.getLong("retention_seconds")).isEqualTo(Duration.ofDays(30).toSeconds());
        assertThat(row.getValue("finished_at")).isNull();
    }

    @Test
    void aLongErrorIsCutToTheColumnWithoutSplittingACharacter() {
        long id = cleanup.started(run("instance-a", false, T0)).await();
        String error = "x".repeat(498) + "😀" + "tail";

        cleanup.finished(id, report(0, 0, 0, 0, 0, false, Optional.of(error), 1), T0).await();

        String stored = cleanup.totals().await().lastError().orElseThrow();
        assertThat(stored).hasSizeLessThanOrEqualTo(500).startsWith("x".repeat(498)).endsWith("…");
        assertThat(stored).doesNotContain("\uFFFD");
    }

    // ---- candidates -----------------------------------------------------------------------------------------

    @Test
    void expiredExportsComeInKeyOrderUpToAndIncludingTheCutoffWithoutRepeatingARow() {
        Instant cutoff = T0.plusSeconds(100);
        for (int i = 0; i < 5; i++) {
            completed("GDPR-PAGE-" + i, T0.plusSeconds(100 - i * 10), path("GDPR-PAGE-" + i));
        }
        completed("GDPR-PAGE-LATE", cutoff.plusNanos(1000), path("GDPR-PAGE-LATE"));
        failed("GDPR-PAGE-FAILED", T0, Optional.empty());

        Page first = cleanup.expiredExports(cutoff, Optional.empty(), 2).await();
        Page second = cleanup.expiredExports(cutoff, first.last(), 2).await();
        Page third = cleanup.expiredExports(cutoff, second.last(), 2).await();
        Page end = cleanup.expiredExports(cutoff, third.last(), 2).await();

        assertThat(references(first)).containsExactly("GDPR-PAGE-4", "GDPR-PAGE-3");
        assertThat(references(second)).containsExactly("GDPR-PAGE-2", "GDPR-PAGE-1");
        assertThat(references(third)).containsExactly("GDPR-PAGE-0");
        assertThat(end.requests()).isEmpty();
        assertThat(end.last()).isEmpty();
        assertThat(third.requests().get(0).completedAt()).isEqualTo(cutoff);
    }

    @Test
    void failedExportsWithFilesAreOnlyThoseThatStillNameOneAndFailedByTheCutoff() {
        failed("GDPR-F-FILE", T0, Optional.of(path("GDPR-F-FILE") + ".part"));
        failed("GDPR-F-NOFILE", T0, Optional.empty());
        failed("GDPR-F-RECENT", T0.plusSeconds(3600), Optional.of(path("GDPR-F-RECENT") + ".part"));

        Page page = cleanup.failedExportsWithFiles(T0, Optional.empty(), 10).await();

        assertThat(references(page)).containsExactly("GDPR-F-FILE");
    }

    // ---- batched moves --------------------------------------------------------------------------------------

    @Test
    void aBatchOfMovesIsWrittenOverTheVersionsTheyStartedFromEachWithItsAuditEvent() {
        DsarRequest a = completed("GDPR-BATCH-A", T0, path("GDPR-BATCH-A"));
        DsarRequest b = completed("GDPR-BATCH-B", T0, path("GDPR-BATCH-B"));
        DsarRequest stale = completed("GDPR-BATCH-STALE", T0, path("GDPR-BATCH-STALE"));
        Instant at = T0.plus(Duration.ofDays(30));
        // Someone else moves the third one first (expired on access by a download, say).
        DsarRequest movedElsewhere = stale.expire(RetentionPolicy.defaults(), at.plusSeconds(1)).request();
        assertThat(requests.store(movedElsewhere, AuditEvent.of(movedElsewhere, AuditAction.FILE_DELETED,
                Actor.system("download"), at.plusSeconds(1))).await()).isTrue();
        db.execute("UPDATE dsar_requests SET download_count = 7 WHERE gdpr_reference_id = 'GDPR-BATCH-A'");

        var stored = cleanup.storeAll(List.of(expire(a, at), expire(b, at), expire(stale, at))).await();

        assertThat(stored).containsExactlyInAnyOrder(a.reference(), b.reference());
        DsarRequest expired = requests.findByReference(a.reference()).await().orElseThrow();
        DsarRequest expected = a.expire(RetentionPolicy.defaults(), at).request();
        assertThat(expired.status()).isEqualTo(expected.status());
        assertThat(expired.storagePath()).isNull();
        assertThat(expired.fileDeletedAt()).isEqualTo(at);
        assertThat(expired.version()).isEqualTo(expected.version());
        assertThat(expired.downloadCount()).as("receipts are not overwritten by a move").isEqualTo(7);
        assertThat(requests.findByReference(stale.reference()).await()).contains(movedElsewhere);
        Row event = single("SELECT * FROM dsar_audit_events WHERE gdpr_reference_id = $1 AND action = 'file_deleted'",
                "GDPR-BATCH-B");
        assertThat(event.getString("actor")).isEqualTo("system:cleanup");
        assertThat(event.getLong("user_id")).isEqualTo(b.userId().value());
        assertThat(event.getOffsetDateTime("occurred_at").toInstant()).isEqualTo(at);
        assertThat(event.getJsonObject("details").getMap()).containsEntry("reason", "retention").containsEntry("bytes", 10);
        assertThat(count("SELECT count(*) AS n FROM dsar_audit_events WHERE gdpr_reference_id = $1"
                + " AND action = 'file_deleted' AND actor = 'system:cleanup'", "GDPR-BATCH-STALE")).isZero();
    }

    @Test
    void anEmptyBatchWritesNothing() {
        assertThat(cleanup.storeAll(List.of()).await()).isEmpty();
    }

    // ---- ownership and audit --------------------------------------------------------------------------------

    @Test
    void ownershipTellsForEachFileInOrderWhetherARowPointsAtItAndWhoseReferenceItCarries() {
        DsarRequest done = completed("GDPR-OWN-DONE", T0, path("GDPR-OWN-DONE"));
        DsarRequest gone = completed("GDPR-OWN-GONE", T0, path("GDPR-OWN-GONE"));
        cleanup.storeAll(List.of(expire(gone, T0.plus(Duration.ofDays(30))))).await();

        List<Ownership> answers = cleanup.ownership(List.of(
                file("GDPR-OWN-NOBODY"), file("GDPR-OWN-DONE"), file("GDPR-OWN-GONE"))).await();

        assertThat(answers).hasSize(3);
        assertThat(answers.get(0)).isEqualTo(new Ownership(false, Optional.empty()));
        assertThat(answers.get(1).referenced()).isTrue();
        assertThat(answers.get(1).owner()).contains(done);
        assertThat(answers.get(2).referenced()).isFalse();
        assertThat(answers.get(2).owner().map(DsarRequest::status)).contains(DsarStatus.EXPIRED);
    }

    @Test
    void auditEventsBeforeTheCutoffArePurgedAtMostLimitAtATimeAndCountedForADryRun() {
        completed("GDPR-AUDIT-1", T0, path("GDPR-AUDIT-1"));
        long before = count("SELECT count(*) AS n FROM dsar_audit_events WHERE occurred_at < $1", at(T0.plusSeconds(6)));
        assertThat(before).isEqualTo(3);

        long counted = cleanup.countBefore(T0.plusSeconds(6)).await();
        long first = cleanup.purgeBefore(T0.plusSeconds(6), 2).await();
        long second = cleanup.purgeBefore(T0.plusSeconds(6), 2).await();

        assertThat(counted).isEqualTo(3);
        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(1);
        assertThat(count("SELECT count(*) AS n FROM dsar_audit_events WHERE gdpr_reference_id = $1", "GDPR-AUDIT-1")).isZero();
        assertThat(count("SELECT count(*) AS n FROM dsar_requests WHERE gdpr_reference_id = $1", "GDPR-AUDIT-1")).isOne();
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    private static String path(String reference) {
        return ROOT + "/" + ExportFileName.of(new ReferenceId(reference), T0).fileName();
    }

    private static StoredExportFile file(String reference) {
        ExportFileName name = ExportFileName.of(new ReferenceId(reference), T0);
        return new StoredExportFile(name, ROOT + "/" + name.fileName(), 10, T0);
    }

    /** Requested at T0, claimed at T0 + 1 s, completed at {@code completedAt}: requested, started, completed events. */
    private static DsarRequest completed(String reference, Instant completedAt, String storagePath) {
        DsarRequest claimed = claimed(reference);
        DsarRequest completed = claimed.complete("worker", new ExportArtifact(storagePath, 10, "a".repeat(64)), completedAt)
                .request();
        assertThat(requests.store(completed, AuditEvent.of(completed, AuditAction.EXPORT_COMPLETED, Actor.system("worker"),
                T0.plusSeconds(5))).await()).isTrue();
        return completed;
    }

    private static DsarRequest failed(String reference, Instant failedAt, Optional<String> storagePath) {
        DsarRequest failed = claimed(reference).fail("worker", "boom", failedAt).request();
        if (storagePath.isPresent()) {
            failed = new DsarRequest(failed.reference(), failed.userId(), failed.requestedBy(), failed.status(),
                    failed.requestedAt(), failed.startedAt(), null, failed.failedAt(), null, failed.attempts(), null,
                    null, storagePath.get(), null, null, failed.lastError(), 0, null, failed.version());
        }
        assertThat(requests.store(failed, AuditEvent.of(failed, AuditAction.EXPORT_FAILED, Actor.system("worker"), failedAt))
                .await()).isTrue();
        return failed;
    }

    private static DsarRequest claimed(String reference) {
        UserId user = new UserId(NEXT_USER.incrementAndGet());
        DsarRequest pending = DsarRequest.submit(new ReferenceId(reference), user, Actor.subject(user), T0);
        requests.insert(pending, AuditEvent.of(pending, AuditAction.REQUESTED, pending.requestedBy(), T0)).await();
        DsarRequest claimed = pending.claim("worker", T0.plusSeconds(1), LEASE).request();
        assertThat(requests.store(claimed, AuditEvent.of(claimed, AuditAction.EXPORT_STARTED, Actor.system("worker"),
                T0.plusSeconds(1))).await()).isTrue();
        return claimed;
    }

    private static Move expire(DsarRequest completed, Instant at) {
        DsarRequest expired = completed.expire(RetentionPolicy.defaults(), at).request();
        return new Move(expired, AuditEvent.of(expired, AuditAction.FILE_DELETED, Actor.system("cleanup"), at,
                Map.of("reason", "retention", "bytes", 10, "file_was_present", true)));
    }

    private static CleanupRun run(String instance, boolean dryRun, Instant startedAt) {
        return new CleanupRun(instance, CleanupTrigger.SCHEDULE, Actor.system("cleanup"), dryRun, Duration.ofDays(30),
                startedAt);
    }

    private static CleanupReport report(long expired, long failed, long orphans, long checked, long bytes,
                                        boolean dryRun, Optional<String> error, long durationMs) {
        return new CleanupReport(checked, expired, bytes, failed, orphans, 0, 0, 0, error.isPresent() ? 1 : 0, dryRun,
                30, durationMs, error);
    }

    private static List<String> references(Page page) {
        return page.requests().stream().map(request -> request.reference().value()).toList();
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return DsarRequestRows.at(instant);
    }

    private static long count(String sql, Object parameter) {
        return single(sql, parameter).getLong("n");
    }

    private static Row single(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().iterator().next();
    }
}
