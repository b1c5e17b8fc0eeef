package dev.dsar.application.service;

import static dev.dsar.application.fakes.Futures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.InMemoryCleanupStore;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.fakes.TestRequests;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.domain.CleanupReport;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.out.CleanupLockPort.Acquisition;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.StoreTransitionBatchPort.Move;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.CleanupTrigger;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CleanupServiceTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final RetentionPolicy POLICY = RetentionPolicy.ofDays(30);
    static final Duration GRACE = Duration.ofHours(1);
    /** Every export below completed at T0 + 2 min; this is well past their retention. */
    static final Instant LATER = T0.plus(Duration.ofDays(40));
    static final long BYTES = 100;

    final InMemoryCleanupStore store = new InMemoryCleanupStore();
    final MutableClock clock = new MutableClock(LATER);
    final CleanupService service = service("instance-a");
    int users;

    CleanupService service(String instance) {
        RecoverAbandonedExports recovery = new RecoverAbandonedExports(store, store, clock, store);
        CleanupPorts ports = new CleanupPorts(store, store, store, store, store, store, store, store, recovery, store, store, clock);
        return new CleanupService(ports, new CleanupSettings(POLICY, GRACE, Optional.empty(), instance), clock);
    }

    CleanupOutcome run(RunCleanupCommand command) {
        return done(service.run(command));
    }

    CleanupReport ran(RunCleanupCommand command) {
        CleanupOutcome outcome = run(command);
        assertThat(outcome).isInstanceOf(CleanupOutcome.Ran.class);
        return ((CleanupOutcome.Ran) outcome).report();
    }

    ReferenceId reference(String name) {
        return new ReferenceId("GDPR-" + name);
    }

    /** A completed export requested at {@code requestedAt}, with its file in the directory. */
    DsarRequest completed(String name, Instant requestedAt) {
        DsarRequest request = store.seed(TestRequests.completed(reference(name), new UserId(++users), requestedAt, BYTES));
        store.putFile(fileName(request), BYTES, request.completedAt());
        return request;
    }

    static String fileName(DsarRequest request) {
        return Path.of(request.storagePath()).getFileName().toString();
    }

    // ---- expired exports ------------------------------------------------------------------------------------

    @Test
    void expiredExportsLoseTheirFileAndAreMarkedExpiredPageAfterPageWithAnAuditEventEach() {
        for (int i = 0; i < 2500; i++) {
            completed(String.format("OLD-%04d", i), T0.plusSeconds(i));
        }
        DsarRequest recent = completed("RECENT", LATER.minus(Duration.ofDays(1)));

        CleanupReport report = ran(RunCleanupCommand.scheduled());

        assertThat(report.checked()).isEqualTo(2500);
        assertThat(report.filesDeleted()).isEqualTo(2500);
        assertThat(report.bytesFreed()).isEqualTo(2500 * BYTES);
        assertThat(report.errors()).isZero();
        assertThat(report.retentionDays()).isEqualTo(30);
        assertThat(store.storedBatches()).extracting(List::size).containsExactly(1000, 1000, 500);
        DsarRequest first = store.require(reference("OLD-0000"));
        assertThat(first.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(first.storagePath()).isNull();
        assertThat(first.fileDeletedAt()).isEqualTo(LATER);
        Move move = store.storedBatches().get(0).get(0);
        assertThat(move.event().action()).isEqualTo(AuditAction.FILE_DELETED);
        assertThat(move.event().actor()).isEqualTo(Actor.system("cleanup"));
        assertThat(move.event().details()).containsEntry("reason", "retention").containsEntry("bytes", BYTES)
                .containsEntry("file_was_present", true);
        assertThat(store.require(recent.reference())).isEqualTo(recent);
        assertThat(store.hasFile(fileName(recent))).isTrue();
    }

    @Test
    void anExportIsExpiredExactlyWhenItsRetentionEnds() {
        DsarRequest due = completed("DUE", T0);
        DsarRequest notYet = completed("NOT-YET", T0.plusNanos(1000));
        clock.set(POLICY.expiresAt(due.completedAt()));

        CleanupReport report = ran(RunCleanupCommand.scheduled());

        assertThat(report.checked()).isEqualTo(1);
        assertThat(store.require(due.reference()).status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(store.require(notYet.reference()).status()).isEqualTo(DsarStatus.COMPLETED);
    }

    @Test
    void anExportWhoseFileIsAlreadyGoneIsMarkedWithoutCountingADeletion() {
        DsarRequest request = completed("GONE", T0);
        store.forceRemoval(request.storagePath(), new FileRemoval.AlreadyGone());

        CleanupReport report = ran(RunCleanupCommand.scheduled());

        assertThat(report.checked()).isEqualTo(1);
        assertThat(report.filesDeleted()).isZero();
        assertThat(store.require(request.reference()).status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(store.storedBatches().get(0).get(0).event().details()).containsEntry("file_was_present", false);
    }

    @Test
    void aRefusedOrFailedDeletionIsCountedAsAnErrorAndLeavesItsRequestAsItIs() {
        DsarRequest refused = completed("REFUSED", T0);
        DsarRequest broken = completed("BROKEN", T0.plusSeconds(1));
        DsarRequest fine = completed("FINE", T0.plusSeconds(2));
        store.forceRemoval(refused.storagePath(), new FileRemoval.Refused("outside the export directory"));
        store.forceRemoval(broken.storagePath(), new FileRemoval.Failed("AccessDeniedException: /srv/x"));

        CleanupReport report = ran(RunCleanupCommand.scheduled());

        assertThat(report.errors()).isEqualTo(2);
        assertThat(report.filesDeleted()).isEqualTo(1);
        assertThat(report.firstError()).contains("2 errors, the first: export GDPR-REFUSED: refused: outside the export"
                + " directory; the request is left as it is");
        assertThat(store.require(refused.reference())).isEqualTo(refused);
        assertThat(store.require(broken.reference())).isEqualTo(broken);
        assertThat(store.require(fine.reference()).status()).isEqualTo(DsarStatus.EXPIRED);
    }

    @Test
    void aRetentionGivenForOneRunAppliesToThatRunOnly() {
        DsarRequest tenDaysOld = completed("TEN-DAYS", LATER.minus(Duration.ofDays(10)));

        CleanupReport scheduled = ran(RunCleanupCommand.scheduled());
        CleanupReport shorter = ran(RunCleanupCommand.fromCommandLine(false, Optional.of(7)));

        assertThat(scheduled.checked()).isZero();
        assertThat(shorter.checked()).isEqualTo(1);
        assertThat(shorter.retentionDays()).isEqualTo(7);
        assertThat(store.require(tenDaysOld.reference()).status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(store.runs().get(1).retention()).isEqualTo(Duration.ofDays(7));
        assertThat(store.runs().get(1).trigger()).isEqualTo(CleanupTrigger.CLI);
        assertThat(store.storedBatches().get(0).get(0).event().actor()).isEqualTo(Actor.operator());
    }

    // ---- failed exports, the directory, abandoned exports ---------------------------------------------------

    @Test
    void theFileAFailedExportStillNamesGoesOnceTheFailedRetentionHasPassed() {
        DsarRequest failed = TestRequests.failed(reference("FAILED"), new UserId(900), T0);
        String partial = TestRequests.storagePath(failed.reference(), T0) + ".part";
        DsarRequest withFile = store.seed(new DsarRequest(failed.reference(), failed.userId(), failed.requestedBy(),
                failed.status(), failed.requestedAt(), failed.startedAt(), null, failed.failedAt(), null,
                failed.attempts(), null, null, partial, null, null, failed.lastError(), 0, null, failed.version()));
        store.putFile(Path.of(partial).getFileName().toString(), 7, T0);

        CleanupReport report = ran(RunCleanupCommand.scheduled());

        assertThat(report.failedFilesDeleted()).isEqualTo(1);
        assertThat(report.bytesFreed()).isEqualTo(7);
        DsarRequest after = store.require(withFile.reference());
        assertThat(after.status()).isEqualTo(DsarStatus.FAILED);
        assertThat(after.storagePath()).isNull();
        assertThat(store.storedBatches().get(0).get(0).event().details()).containsEntry("reason", "failed_export");
    }

    @Test
    void theDirectoryLosesPartialFilesOfFailedExportsAndOldOrphansAndKeepsEverythingElse() {
        DsarRequest failed = store.seed(TestRequests.failed(reference("FAILED-PART"), new UserId(901), T0));
        String failedPart = ExportFileName.of(failed.reference(), T0).asTemporary().fileName();
        store.putFile(failedPart, 30, LATER);
        DsarRequest processing = store.seed(TestRequests.processing(reference("WORKING"), new UserId(902), LATER));
        String workingPart = ExportFileName.of(processing.reference(), T0).asTemporary().fileName();
        store.putFile(workingPart, 40, T0);
        String oldOrphan = ExportFileName.of(reference("NOBODY-OLD"), T0).fileName();
        store.putFile(oldOrphan, 50, LATER.minus(GRACE));
        String youngOrphan = ExportFileName.of(reference("NOBODY-YOUNG"), T0).fileName();
        store.putFile(youngOrphan, 60, LATER.minus(GRACE).plusSeconds(1));
        DsarRequest kept = completed("KEPT", LATER.minus(Duration.ofDays(1)));

        CleanupReport report = ran(RunCleanupCommand.scheduled());

        assertThat(report.failedFilesDeleted()).isEqualTo(1);
        assertThat(report.orphansDeleted()).isEqualTo(1);
        assertThat(report.bytesFreed()).isEqualTo(80);
        assertThat(store.hasFile(failedPart)).isFalse();
        assertThat(store.hasFile(oldOrphan)).isFalse();
        assertThat(store.hasFile(workingPart)).isTrue();
        assertThat(store.hasFile(youngOrphan)).isTrue();
        assertThat(store.hasFile(fileName(kept))).isTrue();
    }

    @Test
    void abandonedExportsGoBackToPendingOrFailOnTheirLastAttempt() {
        DsarRequest abandoned = store.seed(TestRequests.processing(reference("ABANDONED"), new UserId(903), T0));

        CleanupReport report = ran(RunCleanupCommand.scheduled());

        assertThat(report.staleRequeued()).isEqualTo(1);
        assertThat(report.staleFailed()).isZero();
        assertThat(store.require(abandoned.reference()).status()).isEqualTo(DsarStatus.PENDING);
    }

    // ---- dry run --------------------------------------------------------------------------------------------

    @Test
    void aDryRunChangesNothingAndReportsWhatWouldHappen() {
        DsarRequest expired = completed("EXPIRED", T0);
        DsarRequest abandoned = store.seed(TestRequests.processing(reference("ABANDONED"), new UserId(904), T0));
        String orphan = ExportFileName.of(reference("ORPHAN"), T0).fileName();
        store.putFile(orphan, 50, T0);

        CleanupReport report = ran(RunCleanupCommand.fromCommandLine(true, Optional.empty()));

        assertThat(report.dryRun()).isTrue();
        assertThat(report.checked()).isEqualTo(1);
        assertThat(report.filesDeleted()).isEqualTo(1);
        assertThat(report.orphansDeleted()).isEqualTo(1);
        assertThat(report.staleRequeued()).isEqualTo(1);
        assertThat(report.bytesFreed()).isEqualTo(BYTES + 50);
        assertThat(store.require(expired.reference())).isEqualTo(expired);
        assertThat(store.require(abandoned.reference())).isEqualTo(abandoned);
        assertThat(store.hasFile(fileName(expired))).isTrue();
        assertThat(store.hasFile(orphan)).isTrue();
        assertThat(store.storedBatches()).isEmpty();
        assertThat(store.runs()).singleElement().extracting(run -> run.dryRun()).isEqualTo(true);
        assertThat(store.metrics()).isEmpty();
    }

    // ---- one cycle at a time --------------------------------------------------------------------------------

    @Test
    void whileACycleRunsOnThisInstanceAnotherRequestIsBusyAtOnce() {
        Promise<Acquisition> lockAnswer = Promise.promise();
        store.holdBackLockAnswer(lockAnswer.future());
        Future<CleanupOutcome> first = service.run(RunCleanupCommand.scheduled());

        CleanupOutcome second = run(RunCleanupCommand.byAdmin(new UserId(7), false));

        assertThat(first.isComplete()).isFalse();
        assertThat(second).isEqualTo(new CleanupOutcome.Busy(CleanupService.RUNNING_HERE));
        lockAnswer.complete(new Acquisition.HeldElsewhere("instance-b", T0, LATER));
        assertThat(done(first)).isInstanceOf(CleanupOutcome.Busy.class);
        store.holdBackLockAnswer(null);
        assertThat(run(RunCleanupCommand.scheduled())).isInstanceOf(CleanupOutcome.Ran.class);
    }

    @Test
    void aLockHeldByAnotherInstanceMakesTheCycleBusyNamingThatInstanceAndNothingIsRecorded() {
        completed("WAITS", T0);
        store.holdLock("instance-b#cycle", LATER.plusSeconds(60));

        CleanupOutcome outcome = run(RunCleanupCommand.scheduled());

        assertThat(outcome).isInstanceOf(CleanupOutcome.Busy.class);
        assertThat(((CleanupOutcome.Busy) outcome).reason()).contains("instance-b");
        assertThat(store.runs()).isEmpty();
        assertThat(store.require(reference("WAITS")).status()).isEqualTo(DsarStatus.COMPLETED);
        assertThat(store.metrics()).containsExactly("skipped");
    }

    @Test
    void aCycleHoldsTheLockWhileItRunsAndReleasesItAfterwards() {
        ran(RunCleanupCommand.scheduled());

        assertThat(store.lockReleased()).isTrue();
        assertThat(store.lockHolder()).isEmpty();
        assertThat(store.runs()).singleElement().satisfies(run -> {
            assertThat(run.instanceId()).isEqualTo("instance-a");
            assertThat(run.startedAt()).isEqualTo(LATER);
        });
        assertThat(store.metrics()).containsExactly("completed");
    }

    @Test
    void aTechnicalFaultIsRecordedWithTheRunReleasesTheLockAndFailsTheCycle() {
        store.failCandidates(new IllegalStateException("connection refused\nby the database"));

        Future<CleanupOutcome> outcome = service.run(RunCleanupCommand.scheduled());

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.cause()).hasMessageContaining("connection refused");
        assertThat(store.finishedReports()).singleElement().satisfies(report -> {
            assertThat(report.errors()).isEqualTo(1);
            assertThat(report.firstError()).contains("cycle stopped: connection refused by the database");
        });
        assertThat(store.lockReleased()).isTrue();
        assertThat(store.metrics()).containsExactly("failed");
        store.failCandidates(null);
        assertThat(run(RunCleanupCommand.scheduled())).as("the local guard is free again")
                .isInstanceOf(CleanupOutcome.Ran.class);
    }

    @Test
    void aCycleThatLosesTheLockStopsAfterTheBatchesInHand() {
        for (int i = 0; i < 3500; i++) {
            completed(String.format("MANY-%04d", i), T0.plusSeconds(i));
        }
        String orphan = ExportFileName.of(reference("ORPHAN"), T0).fileName();
        store.putFile(orphan, 50, T0);
        store.loseLockAfterRenewals(0);

        CleanupReport report = ran(RunCleanupCommand.scheduled());

        assertThat(report.filesDeleted()).isLessThanOrEqualTo(2000).isPositive();
        assertThat(report.errors()).isEqualTo(1);
        assertThat(report.firstError()).contains(CycleContext.LOCK_LOST);
        assertThat(store.require(reference("MANY-3499")).status()).isEqualTo(DsarStatus.COMPLETED);
        assertThat(store.hasFile(orphan)).as("later phases do not run").isTrue();
    }
}
