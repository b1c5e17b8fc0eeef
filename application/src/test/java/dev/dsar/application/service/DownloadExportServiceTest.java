package dev.dsar.application.service;

import static dev.dsar.application.fakes.Futures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.InMemoryDsarRequests;
import dev.dsar.application.fakes.InMemoryExportStorage;
import dev.dsar.application.fakes.InMemoryExpiringMemory;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.fakes.RecordingReceipts;
import dev.dsar.application.fakes.TestRequests;
import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DownloadExportServiceTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final UserId ALICE = new UserId(42);
    static final UserId BOB = new UserId(7);
    static final Duration RETENTION = Duration.ofDays(30);
    static final RetentionPolicy POLICY = RetentionPolicy.ofDays(30);
    static final long BYTES = 8192;

    static final ReferenceId REF = new ReferenceId("GDPR-AAAAAAAAAAAAAAAAAAAAAAAAAA");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDsarRequests requests = new InMemoryDsarRequests();
    final InMemoryExportStorage storage = new InMemoryExportStorage();
    final RecordingReceipts receipts = new RecordingReceipts();
    final DownloadExportService service = new DownloadExportService(
            requests, storage, new ExportExpiry(storage, requests), receipts, POLICY, clock,
            new InMemoryExpiringMemory<>(clock));

    /** Alice's export, completed, its file in place; the clock stands just after completion. */
    DsarRequest completedWithFile() {
        DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, BYTES));
        storage.put(completed.storagePath(), BYTES);
        clock.set(completed.completedAt().plusSeconds(1));
        return completed;
    }

    DownloadDecision decide(UserId caller, ReferenceId reference) {
        return done(service.decide(caller, reference));
    }

    static Instant retentionEnd(DsarRequest completed) {
        return completed.completedAt().plus(RETENTION);
    }

    // ---- not found -----------------------------------------------------------------------------------------

    @Test
    void unknownReferenceIsNotFound() {
        completedWithFile();

        assertThat(decide(ALICE, new ReferenceId("GDPR-UNKNOWNUNKNOWNUNKNOWNUNKN"))).isEqualTo(new DownloadDecision.NotFound());
    }

    @Test
    void anExportKeptInAStoreIsReadyWithItsStoragePathAndNoLocalFile() {
        storage.keepInAStore();
        DsarRequest completed = completedWithFile();

        DownloadDecision.Ready ready = (DownloadDecision.Ready) decide(ALICE, REF);

        assertThat(ready.local()).isFalse();
        assertThat(ready.file()).isNull();
        assertThat(ready.storagePath()).isEqualTo(completed.storagePath());
        assertThat(ready.bytes()).isEqualTo(BYTES);
        assertThat(ready.expiresAt()).isEqualTo(retentionEnd(completed));
    }

    @Test
    void anExportInAStoreOfAnotherSizeThanWrittenIsMissing() {
        storage.keepInAStore();
        DsarRequest completed = completedWithFile();
        storage.put(completed.storagePath(), BYTES + 1);

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.FileMissing(REF));
    }

    @Test
    void anotherUsersReadyExportIsNotFound() {
        DsarRequest completed = completedWithFile();

        assertThat(decide(BOB, REF)).isEqualTo(new DownloadDecision.NotFound());
        assertThat(storage.inspected()).isEmpty();
        assertThat(storage.contains(completed.storagePath())).isTrue();
    }

    @Test
    void anotherUsersExportPastRetentionIsNotFoundAndLeftAlone() {
        DsarRequest completed = completedWithFile();
        clock.set(retentionEnd(completed).plus(Duration.ofDays(1)));

        assertThat(decide(BOB, REF)).isEqualTo(new DownloadDecision.NotFound());
        assertThat(storage.deleteCalls()).isEmpty();
        assertThat(storage.contains(completed.storagePath())).isTrue();
        assertThat(requests.require(REF)).isEqualTo(completed);
        assertThat(requests.events()).isEmpty();
    }

    @Test
    void anotherUsersPendingRequestIsNotFoundRatherThanNotReady() {
        requests.seed(TestRequests.pending(REF, ALICE, T0));

        assertThat(decide(BOB, REF)).isEqualTo(new DownloadDecision.NotFound());
    }

    // ---- not ready -----------------------------------------------------------------------------------------

    static Stream<Arguments> unfinished() {
        return Stream.of(
                Arguments.of(TestRequests.pending(REF, ALICE, T0), DsarStatus.PENDING),
                Arguments.of(TestRequests.processing(REF, ALICE, T0), DsarStatus.PROCESSING),
                Arguments.of(TestRequests.failed(REF, ALICE, T0), DsarStatus.FAILED));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unfinished")
    void unfinishedRequestIsNotReadyWithItsStatus(DsarRequest request, DsarStatus status) {
        requests.seed(request);
        clock.set(T0.plus(Duration.ofDays(60)));

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.NotReady(status));
        assertThat(storage.inspected()).isEmpty();
        assertThat(storage.deleteCalls()).isEmpty();
        assertThat(requests.writes()).isZero();
    }

    // ---- expired -------------------------------------------------------------------------------------------

    @Test
    void expiredRowAnswersExpiredWithTheRetentionDays() {
        requests.seed(TestRequests.expired(REF, ALICE, T0, T0.plus(Duration.ofDays(31)), POLICY));
        clock.set(T0.plus(Duration.ofDays(40)));

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.Expired(30));
        assertThat(storage.inspected()).isEmpty();
        assertThat(storage.deleteCalls()).isEmpty();
        assertThat(requests.writes()).isZero();
    }

    @Test
    void downloadExactlyWhenRetentionEndsDeletesTheFileMarksTheRowAndAnswersExpired() {
        DsarRequest completed = completedWithFile();
        Instant end = retentionEnd(completed);
        clock.set(end);

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.Expired(30));

        assertThat(storage.contains(completed.storagePath())).isFalse();
        DsarRequest row = requests.require(REF);
        assertThat(row.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(row.storagePath()).isNull();
        assertThat(row.fileDeletedAt()).isEqualTo(end);
        assertThat(row.completedAt()).isEqualTo(completed.completedAt());
        assertThat(row.version()).isEqualTo(completed.version() + 1);
        assertThat(requests.events()).containsExactly(new AuditEvent(REF, ALICE, AuditAction.FILE_DELETED,
                Actor.system("download"), end,
                Map.of("reason", "retention", "bytes", BYTES, "file_was_present", true)));
    }

    @Test
    void downloadOneNanosecondBeforeRetentionEndsIsReady() {
        DsarRequest completed = completedWithFile();
        clock.set(retentionEnd(completed).minusNanos(1));

        DownloadDecision decision = decide(ALICE, REF);

        assertThat(decision).isInstanceOf(DownloadDecision.Ready.class);
        assertThat(storage.contains(completed.storagePath())).isTrue();
        assertThat(requests.require(REF)).isEqualTo(completed);
        assertThat(requests.events()).isEmpty();
    }

    @Test
    void downloadPastRetentionDeletesTheFileAndAnswersExpired() {
        DsarRequest completed = completedWithFile();
        clock.set(retentionEnd(completed).plus(Duration.ofDays(3)));

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.Expired(30));

        assertThat(storage.deleteCalls()).containsExactly(completed.storagePath());
        assertThat(storage.contains(completed.storagePath())).isFalse();
        assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(requests.events(AuditAction.FILE_DELETED)).hasSize(1);
    }

    @Test
    void downloadPastRetentionWhoseFileIsAlreadyGoneStillAnswersExpiredAndMarksTheRow() {
        DsarRequest completed = completedWithFile();
        storage.vanish(completed.storagePath());
        clock.set(retentionEnd(completed));

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.Expired(30));

        assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(requests.events()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.FILE_DELETED);
            assertThat(event.details()).containsEntry("file_was_present", false).containsEntry("bytes", 0L);
        });
    }

    @Test
    void downloadPastRetentionWithARefusedPathAnswersExpiredAndTouchesNeitherFileNorRow() {
        DsarRequest completed = completedWithFile();
        storage.refuse(completed.storagePath());
        clock.set(retentionEnd(completed));

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.Expired(30));

        assertThat(storage.contains(completed.storagePath())).isTrue();
        assertThat(requests.require(REF)).isEqualTo(completed);
        assertThat(requests.events()).isEmpty();
    }

    @Test
    void secondDownloadAfterExpiryOnAccessAnswersExpiredFromTheRow() {
        DsarRequest completed = completedWithFile();
        clock.set(retentionEnd(completed));
        decide(ALICE, REF);
        clock.advance(Duration.ofMinutes(1));

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.Expired(30));
        assertThat(storage.deleteCalls()).hasSize(1);
        assertThat(requests.events()).hasSize(1);
    }

    @Test
    void expiredCarriesTheRetentionInForce() {
        RetentionPolicy week = RetentionPolicy.ofDays(7);
        DownloadExportService weekService = new DownloadExportService(
                requests, storage, new ExportExpiry(storage, requests), receipts, week, clock,
                new InMemoryExpiringMemory<>(clock));
        DsarRequest completed = completedWithFile();
        clock.set(completed.completedAt().plus(Duration.ofDays(7)));

        assertThat(done(weekService.decide(ALICE, REF))).isEqualTo(new DownloadDecision.Expired(7));
        assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.EXPIRED);
    }

    // ---- file missing --------------------------------------------------------------------------------------

    @Test
    void fileGoneWithinRetentionIsFileMissing() {
        DsarRequest completed = completedWithFile();
        storage.vanish(completed.storagePath());

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.FileMissing(REF));
        assertThat(requests.require(REF)).isEqualTo(completed);
        assertThat(requests.events()).isEmpty();
    }

    @Test
    void fileOfAnotherSizeThanWasWrittenIsFileMissing() {
        DsarRequest completed = completedWithFile();
        storage.put(completed.storagePath(), BYTES - 1);

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.FileMissing(REF));
        assertThat(storage.contains(completed.storagePath())).isTrue();
    }

    @Test
    void refusedPathWithinRetentionIsFileMissingAndTheFileStays() {
        DsarRequest completed = completedWithFile();
        storage.refuse(completed.storagePath());

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.FileMissing(REF));
        assertThat(storage.deleteCalls()).isEmpty();
        assertThat(storage.contains(completed.storagePath())).isTrue();
        assertThat(requests.writes()).isZero();
    }

    @Test
    void storedPathOutsideTheExportDirectoryIsFileMissing() {
        DsarRequest completed = TestRequests.completed(REF, ALICE, T0, BYTES);
        DsarRequest tampered = new DsarRequest(completed.reference(), completed.userId(), completed.requestedBy(),
                completed.status(), completed.requestedAt(), completed.startedAt(), completed.completedAt(),
                completed.failedAt(), completed.fileDeletedAt(), completed.attempts(), completed.nextAttemptAt(),
                completed.lease(), "/etc/passwd", completed.exportBytes(), completed.exportSha256(),
                completed.lastError(), completed.downloadCount(), completed.lastDownloadedAt(), completed.version());
        requests.seed(tampered);
        storage.put("/etc/passwd", BYTES);
        clock.set(completed.completedAt().plusSeconds(1));

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.FileMissing(REF));
    }

    // ---- ready ---------------------------------------------------------------------------------------------

    @Test
    void readyCarriesPathSizeShaAndExpiry() {
        DsarRequest completed = completedWithFile();
        clock.advance(Duration.ofDays(10));

        DownloadDecision decision = decide(ALICE, REF);

        assertThat(decision).isEqualTo(new DownloadDecision.Ready(REF, ALICE, Path.of(completed.storagePath()), BYTES,
                TestRequests.SHA256, completed.completedAt().plus(RETENTION)));
        assertThat(((DownloadDecision.Ready) decision).file().getParent())
                .isEqualTo(InMemoryExportStorage.EXPORT_DIRECTORY);
        assertThat(storage.inspected()).containsExactly(completed.storagePath());
        assertThat(requests.writes()).isZero();
        assertThat(receipts.receipts()).as("deciding is not downloading").isEmpty();
    }

    @Test
    void emptyExportFileIsReady() {
        DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, 0));
        storage.put(completed.storagePath(), 0);
        clock.set(completed.completedAt());

        assertThat(decide(ALICE, REF)).isInstanceOfSatisfying(DownloadDecision.Ready.class,
                ready -> assertThat(ready.bytes()).isZero());
    }

    @Test
    void foldHandsEachDecisionToItsOwnBranch() {
        List<DownloadDecision> decisions = List.of(
                new DownloadDecision.Ready(REF, ALICE, Path.of("/x"), 1, TestRequests.SHA256, T0),
                new DownloadDecision.NotReady(DsarStatus.PENDING),
                new DownloadDecision.Expired(30),
                new DownloadDecision.NotFound(),
                new DownloadDecision.FileMissing(REF));

        List<Integer> statuses = decisions.stream()
                .map(decision -> decision.fold(ready -> 200, notReady -> 409, expired -> 410, notFound -> 404,
                        fileMissing -> 500))
                .toList();

        assertThat(statuses).containsExactly(200, 409, 410, 404, 500);
    }

    // ---- after the file vanished ---------------------------------------------------------------------------

    @Test
    void decidingAgainAfterTheFileVanishedWithinRetentionIsFileMissing() {
        DsarRequest completed = completedWithFile();
        assertThat(decide(ALICE, REF)).isInstanceOf(DownloadDecision.Ready.class);
        storage.vanish(completed.storagePath());

        assertThat(done(service.decideAfterFileVanished(ALICE, REF))).isEqualTo(new DownloadDecision.FileMissing(REF));
    }

    @Test
    void decidingAgainAfterAnotherInstancesCleanupExpiredItIsExpired() {
        DsarRequest completed = completedWithFile();
        clock.set(retentionEnd(completed).minusMillis(1));
        assertThat(decide(ALICE, REF)).isInstanceOf(DownloadDecision.Ready.class);
        // Meanwhile cleanup on another instance deletes the file and marks the row.
        clock.set(retentionEnd(completed));
        ExportExpiry.Outcome cleanup = done(new ExportExpiry(storage, requests)
                .expire(completed, POLICY, Actor.system("cleanup"), clock.instant()));
        assertThat(cleanup).isEqualTo(new ExportExpiry.Outcome.Expired(true, BYTES, true));

        assertThat(done(service.decideAfterFileVanished(ALICE, REF))).isEqualTo(new DownloadDecision.Expired(30));
        assertThat(requests.events()).singleElement()
                .satisfies(event -> assertThat(event.actor()).isEqualTo(Actor.system("cleanup")));
    }

    @Test
    void decidingAgainStillHidesOtherUsersExports() {
        completedWithFile();

        assertThat(done(service.decideAfterFileVanished(BOB, REF))).isEqualTo(new DownloadDecision.NotFound());
    }

    // ---- receipts ------------------------------------------------------------------------------------------

    @Test
    void recordDownloadForwardsAReceiptStampedWithTheClock() {
        completedWithFile();
        DownloadDecision.Ready ready = (DownloadDecision.Ready) decide(ALICE, REF);
        clock.advance(Duration.ofSeconds(42).plusNanos(7));
        Instant sentAt = clock.instant();

        service.recordDownload(ready);

        assertThat(receipts.receipts()).containsExactly(new RecordingReceipts.Receipt(REF, ALICE, sentAt));
        assertThat(requests.writes()).as("the receipt port does the counting").isZero();
    }

    @Test
    void everyFinishedDownloadIsItsOwnReceipt() {
        completedWithFile();
        DownloadDecision.Ready ready = (DownloadDecision.Ready) decide(ALICE, REF);
        Instant first = clock.instant();
        service.recordDownload(ready);
        clock.advance(Duration.ofMinutes(5));
        service.recordDownload(ready);

        assertThat(receipts.receipts()).extracting(RecordingReceipts.Receipt::at)
                .containsExactly(first, first.plus(Duration.ofMinutes(5)));
    }

    // ---- remembered decisions ----------------------------------------------------------------------------

    @Test
    void repeatedDownloadIsDecidedFromMemoryWithoutTheStoreOrTheDisk() {
        completedWithFile();
        DownloadDecision first = decide(ALICE, REF);
        int lookups = storage.inspected().size();
        requests.forget(REF);

        DownloadDecision second = decide(ALICE, REF);

        assertThat(second).isEqualTo(first).isInstanceOf(DownloadDecision.Ready.class);
        assertThat(storage.inspected()).hasSize(lookups);
    }

    @Test
    void rememberedExportIsStillNotFoundForAnotherUser() {
        completedWithFile();
        decide(ALICE, REF);

        assertThat(decide(BOB, REF)).isEqualTo(new DownloadDecision.NotFound());
    }

    @Test
    void rememberedExportExpiresExactlyAtItsRetentionEndAndIsDeletedOnTheSpot() {
        DsarRequest completed = completedWithFile();
        decide(ALICE, REF);
        clock.set(retentionEnd(completed));

        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.Expired(30));
        assertThat(storage.contains(completed.storagePath())).isFalse();
        assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.EXPIRED);
    }

    @Test
    void vanishedFileIsDecidedAgainFromTheStoredStateAndForgotten() {
        DsarRequest completed = completedWithFile();
        decide(ALICE, REF);
        storage.vanish(completed.storagePath());

        assertThat(done(service.decideAfterFileVanished(ALICE, REF))).isEqualTo(new DownloadDecision.FileMissing(REF));
        assertThat(decide(ALICE, REF)).isEqualTo(new DownloadDecision.FileMissing(REF));
    }

    @Test
    void fileDeletedByAnotherInstancesCleanupIsExpiredWhenDecidedAgain() {
        DsarRequest completed = completedWithFile();
        decide(ALICE, REF);
        DsarRequest expired = completed.expire(POLICY, retentionEnd(completed)).request();
        requests.seed(expired);
        storage.vanish(completed.storagePath());

        assertThat(done(service.decideAfterFileVanished(ALICE, REF))).isEqualTo(new DownloadDecision.Expired(30));
    }
}
