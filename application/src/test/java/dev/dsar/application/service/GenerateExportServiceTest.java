package dev.dsar.application.service;

import static dev.dsar.application.fakes.Futures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.FakePersonalData;
import dev.dsar.application.fakes.InMemoryDsarRequests;
import dev.dsar.application.fakes.InMemoryExportArchives;
import dev.dsar.application.fakes.InMemoryExportQueue;
import dev.dsar.application.fakes.InMemoryExportStorage;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.port.out.ExportFileRemovalPort;
import dev.dsar.application.port.out.RemovePartialExportPort;
import dev.dsar.application.port.out.RetryDelayPort;
import dev.dsar.application.fakes.RecordingExportMetrics;
import dev.dsar.application.fakes.TestRequests;
import dev.dsar.application.port.in.ExportNowOutcome;
import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.in.GenerateExportUseCase;
import dev.dsar.application.port.in.GenerateExportUseCase.StartedExport;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ExportSections;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GenerateExportServiceTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final UserId ALICE = new UserId(42);
    static final UserId BOB = new UserId(7);
    static final ReferenceId REF = new ReferenceId("GDPR-ALICE");
    static final String WORKER = "instance-a";
    static final RetentionPolicy POLICY = RetentionPolicy.ofDays(30);

    static final ExportSection ACCOUNT = new ExportSection("account", true, List.of(), Optional.empty());
    static final ExportSection TOKENS = new ExportSection("api_tokens", false, List.of("token_hash"),
            Optional.of("API tokens"));
    static final ExportSection LOGS = ExportSection.of("audit_logs");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDsarRequests requests = new InMemoryDsarRequests();
    final InMemoryExportQueue queue = new InMemoryExportQueue(requests);
    final InMemoryExportStorage storage = new InMemoryExportStorage();
    final InMemoryExportArchives archives = new InMemoryExportArchives(storage);
    final RecordingExportMetrics metrics = new RecordingExportMetrics();
    final FakePersonalData data = new FakePersonalData()
            .columns("account", "id", "email")
            .row("account", ALICE, 42L, "alice@example.org")
            .row("account", BOB, 7L, "bob@example.org")
            .columns("api_tokens", "id", "name", "token_hash")
            .row("api_tokens", ALICE, 1L, "laptop", "hash-1")
            .row("api_tokens", ALICE, 2L, "phone", null)
            .row("api_tokens", BOB, 3L, "bob's", "hash-3")
            .columns("audit_logs", "id", "action")
            .row("audit_logs", ALICE, 10L, "login")
            .row("audit_logs", ALICE, 11L, "logout")
            .row("audit_logs", ALICE, 12L, "login");

    /** The pauses between tries of a write, recorded instead of waited for. */
    final List<Duration> waited = new ArrayList<>();
    final RetryDelayPort delays = delay -> {
        waited.add(delay);
        return Future.succeededFuture();
    };

    /** The archives here are in memory: an abandoned attempt leaves no partial file on disk. */
    static final RemovePartialExportPort NO_PARTIAL_FILES =
            partial -> Future.succeededFuture(new ExportFileRemovalPort.FileRemoval.AlreadyGone());

    GenerateExportService service = service(WORKER, List.of(ACCOUNT, TOKENS, LOGS));

    GenerateExportService service(String worker, List<ExportSection> sections) {
        return new GenerateExportService(
                new GenerateExportService.Ports(queue, requests, requests, queue, data, archives, storage, metrics, clock,
                        delays),
                new RecoverAbandonedExports(queue, requests, clock, NO_PARTIAL_FILES), new ExportSections(sections), POLICY, clock,
                worker);
    }

    DsarRequest pendingRequest() {
        return requests.seed(TestRequests.pending(REF, ALICE, T0.minusSeconds(60)));
    }

    ExportOutcome exportNext() {
        Optional<StartedExport> started = done(service.startNext());
        assertThat(started).isPresent();
        return done(started.get().outcome());
    }

    List<AuditAction> auditActions() {
        return requests.events().stream().map(AuditEvent::action).toList();
    }

    @Nested
    class Completion {

        @Test
        void theOldestDueRequestIsExportedSectionBySectionAndCompletedWithItsArtifact() {
            pendingRequest();

            ExportOutcome outcome = exportNext();

            InMemoryExportArchives.Archive archive = archives.last();
            assertThat(outcome).isEqualTo(new ExportOutcome.Completed(REF, archive.artifact, 6));
            assertThat(archive.sections.keySet()).containsExactly("account", "api_tokens", "audit_logs");
            assertThat(archive.sections.get("account")).containsExactly(Map.of("id", 42L, "email", "alice@example.org"));
            assertThat(archive.sections.get("audit_logs")).extracting(row -> row.get("id")).containsExactly(10L, 11L, 12L);
            assertThat(archive.discarded).isFalse();
            DsarRequest completed = requests.require(REF);
            assertThat(completed.status()).isEqualTo(DsarStatus.COMPLETED);
            assertThat(completed.storagePath()).isEqualTo(archive.artifact.storagePath());
            assertThat(completed.exportBytes()).isEqualTo(archive.artifact.bytes());
            assertThat(completed.exportSha256()).isEqualTo(InMemoryExportArchives.SHA256);
            assertThat(completed.completedAt()).isEqualTo(T0);
            assertThat(auditActions()).containsExactly(AuditAction.EXPORT_STARTED, AuditAction.EXPORT_COMPLETED);
            assertThat(requests.events(AuditAction.EXPORT_COMPLETED).get(0).actor()).isEqualTo(Actor.system(WORKER));
            assertThat(requests.events(AuditAction.EXPORT_COMPLETED).get(0).details())
                    .containsEntry("records", 6L).containsEntry("attempt", 1).containsKey("bytes");
            assertThat(metrics.events()).containsExactly("started", "completed");
        }

        @Test
        void theFileAndItsRootFolderAreNamedAfterTheReferenceAndTheStartOfGeneration() {
            pendingRequest();

            exportNext();

            assertThat(archives.last().name.fileName()).isEqualTo("dsar_GDPR-ALICE_20260301_100000.zip");
            assertThat(archives.last().description.startedAt()).isEqualTo(T0);
            assertThat(archives.last().description.requestedBy()).isEqualTo("subject:42");
            assertThat(archives.last().description.sections()).extracting(section -> section.file().records())
                    .containsExactly(1L, 2L, 3L);
        }

        @Test
        void nothingIsStartedWhenNoRequestIsDue() {
            requests.seed(TestRequests.completed(REF, ALICE, T0.minusSeconds(600), 100));

            assertThat(done(service.startNext())).isEmpty();
            assertThat(archives.created()).isEmpty();
        }

        @Test
        void noOtherUsersRowsReachTheArchive() {
            pendingRequest();

            exportNext();

            assertThat(archives.last().sections.values()).allSatisfy(rows -> assertThat(rows)
                    .noneMatch(row -> row.containsValue(7L) || row.containsValue("bob@example.org")
                            || row.containsValue(3L)));
        }

        @Test
        void redactedColumnsAreReplacedWhateverTheirValueAndOthersAreKept() {
            pendingRequest();

            exportNext();

            assertThat(archives.last().sections.get("api_tokens")).containsExactly(
                    Map.of("id", 1L, "name", "laptop", "token_hash", ExportSection.REDACTED),
                    Map.of("id", 2L, "name", "phone", "token_hash", ExportSection.REDACTED));
        }

        @Test
        void aSingleSectionWithoutARowAndAnEmptySectionStillGetTheirFiles() {
            requests.seed(TestRequests.pending(new ReferenceId("GDPR-NOBODY"), new UserId(99), T0));

            ExportOutcome outcome = exportNext();

            assertThat(outcome).isInstanceOf(ExportOutcome.Completed.class);
            assertThat(archives.last().sections).containsOnlyKeys("account", "api_tokens", "audit_logs")
                    .allSatisfy((section, rows) -> assertThat(rows).isEmpty());
        }
    }

    @Nested
    class Faults {

        @Test
        void aSingleSectionReturningTwoRowsFailsTheRequestNamingTheSection() {
            data.row("account", ALICE, 43L, "alias@example.org");
            pendingRequest();

            ExportOutcome outcome = exportNext();

            String error = "section 'account' is declared single but its query returned more than one row";
            assertThat(outcome).isEqualTo(new ExportOutcome.Failed(REF, error));
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.FAILED);
            assertThat(requests.require(REF).lastError()).isEqualTo(error);
            assertThat(archives.last().discarded).isTrue();
            assertThat(auditActions()).containsExactly(AuditAction.EXPORT_STARTED, AuditAction.EXPORT_FAILED);
            assertThat(metrics.events()).containsExactly("started", "failed");
        }

        @Test
        void aRedactedColumnMissingFromTheQueryFailsRatherThanExportingUnredactedData() {
            data.columns("api_tokens", "id", "name", "token")
                    .row("api_tokens", ALICE, 1L, "laptop", "secret-token");
            pendingRequest();

            ExportOutcome outcome = exportNext();

            assertThat(outcome).isEqualTo(new ExportOutcome.Failed(REF, "section 'api_tokens': redacted column"
                    + " 'token_hash' is not among the query's columns (id, name, token)"));
            assertThat(archives.last().sections.get("api_tokens")).isEmpty();
            assertThat(archives.last().discarded).isTrue();
        }

        @Test
        void aQueryReturningTheSameColumnNameTwiceFails() {
            data.columns("audit_logs", "id", "id").row("audit_logs", ALICE, 1L, 2L);
            pendingRequest();

            assertThat(exportNext()).isEqualTo(new ExportOutcome.Failed(REF, "section 'audit_logs': the query"
                    + " returns column 'id' twice; give its columns distinct names (AS ...)"));
        }

        @Test
        void aPermanentSourceFaultFailsAtOnceWithItsMessage() {
            data.failing("audit_logs", ExportFault.permanent("section 'audit_logs': relation does not exist"));
            pendingRequest();

            ExportOutcome outcome = exportNext();

            assertThat(outcome).isEqualTo(new ExportOutcome.Failed(REF, "section 'audit_logs': relation does not exist"));
            assertThat(requests.require(REF).attempts()).isEqualTo(1);
            assertThat(archives.last().discarded).isTrue();
            assertThat(storage.contains(archives.last().path())).isFalse();
        }

        /** Claimed, then the database goes for {@code writes} writes; {@code failing} (if any) fails meanwhile. */
        ExportOutcome exportWhileTheDatabaseGoes(int writes, String failing) {
            if (failing != null) {
                data.failing(failing, ExportFault.transientFault("section '" + failing + "': database unreachable"));
            }
            data.holdAfterFirstBatchOf("account");
            pendingRequest();
            StartedExport started = done(service.startNext()).orElseThrow();
            requests.unreachableFor(writes);
            data.release();
            return done(started.outcome());
        }

        @Test
        void anUnreachableDatabaseIsATransientFaultNamedAsSuchNotAnUnexpectedError() {
            data.failing("account", DatabaseUnavailable.of(DatabaseUnavailable.Database.SOURCE, "connection refused"));
            pendingRequest();

            ExportOutcome outcome = exportNext();

            assertThat(outcome).isEqualTo(new ExportOutcome.RetryScheduled(REF,
                    "source database unavailable: connection refused", T0.plusSeconds(30)));
        }

        @Test
        void anOutcomeUnwritableWhileTheDatabaseRestartsIsWrittenOnceItIsBackNotLeftToTheLease() {
            ExportOutcome outcome = exportWhileTheDatabaseGoes(3, "audit_logs");

            assertThat(outcome).isEqualTo(new ExportOutcome.RetryScheduled(REF, "section 'audit_logs': database unreachable",
                    T0.plusSeconds(30)));
            assertThat(waited).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.PENDING);
            assertThat(auditActions()).containsExactly(AuditAction.EXPORT_STARTED, AuditAction.EXPORT_RETRY_SCHEDULED);
        }

        @Test
        void aCompletionUnwritableForAMomentIsWrittenOnceTheDatabaseIsBackAndItsFileKept() {
            ExportOutcome outcome = exportWhileTheDatabaseGoes(2, null);

            assertThat(outcome).isInstanceOf(ExportOutcome.Completed.class);
            assertThat(waited).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.COMPLETED);
            assertThat(archives.last().discarded).isFalse();
        }

        @Test
        void anOutcomeStillUnwritableAfterEveryRetryIsLeftToTheLeaseWithinIt() {
            ExportOutcome outcome = exportWhileTheDatabaseGoes(Integer.MAX_VALUE, "audit_logs");

            assertThat(outcome).isInstanceOf(ExportOutcome.Abandoned.class);
            assertThat(((ExportOutcome.Abandoned) outcome).reason()).startsWith("could not record the outcome after 7 tries");
            assertThat(waited).hasSize(OutcomeRecorder.WRITE_RETRIES.size());
            assertThat(OutcomeRecorder.totalRetryDelay()).isEqualTo(Duration.ofMillis(15_750))
                    .isLessThan(GenerateExportUseCase.LEASE);
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.PROCESSING);
        }

        @Test
        void transientFaultsAreRetriedAfterThirtySecondsThenTwoMinutesThenFail() {
            data.failing("account", ExportFault.transientFault("section 'account': database unreachable"));
            pendingRequest();

            ExportOutcome first = exportNext();
            assertThat(first).isEqualTo(new ExportOutcome.RetryScheduled(REF, "section 'account': database unreachable",
                    T0.plusSeconds(30)));
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.PENDING);
            clock.advance(Duration.ofSeconds(29));
            assertThat(done(service.startNext())).as("not due yet").isEmpty();

            clock.advance(Duration.ofSeconds(1));
            ExportOutcome second = exportNext();
            assertThat(second).isEqualTo(new ExportOutcome.RetryScheduled(REF, "section 'account': database unreachable",
                    T0.plusSeconds(30).plus(Duration.ofMinutes(2))));

            clock.advance(Duration.ofMinutes(2));
            ExportOutcome third = exportNext();
            assertThat(third).isEqualTo(new ExportOutcome.Failed(REF, "section 'account': database unreachable"));
            assertThat(requests.require(REF).attempts()).isEqualTo(DsarRequest.MAX_ATTEMPTS);
            assertThat(auditActions()).containsExactly(
                    AuditAction.EXPORT_STARTED, AuditAction.EXPORT_RETRY_SCHEDULED,
                    AuditAction.EXPORT_STARTED, AuditAction.EXPORT_RETRY_SCHEDULED,
                    AuditAction.EXPORT_STARTED, AuditAction.EXPORT_FAILED);
            assertThat(archives.created()).hasSize(3).allMatch(archive -> archive.discarded);
        }

        @Test
        void aDiskFaultCreatingTheArchiveIsRetried() {
            archives.failCreateWith(ExportFault.transientFault("cannot write the export file: disk full"));
            pendingRequest();

            ExportOutcome outcome = exportNext();

            assertThat(outcome).isInstanceOf(ExportOutcome.RetryScheduled.class);
            assertThat(requests.require(REF).lastError()).isEqualTo("cannot write the export file: disk full");
            assertThat(data.streamed()).isEmpty();
        }

        @Test
        void aFaultFinishingThePackageDiscardsIt() {
            archives.failFinishWith(ExportFault.transientFault("cannot write the export file: I/O error"));
            pendingRequest();

            exportNext();

            assertThat(archives.last().discarded).isTrue();
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.PENDING);
        }

        @Test
        void anUnexpectedErrorIsRetriedWithItsKindOnlyAsTheError() {
            data.failing("api_tokens", new IllegalStateException("value 'alice@example.org' is odd"));
            pendingRequest();

            exportNext();

            assertThat(requests.require(REF).lastError()).isEqualTo("unexpected error (IllegalStateException)");
        }
    }

    @Nested
    class Leases {

        @Test
        void renewingExtendsTheLeaseOfARunningExportWithoutAnAuditEvent() {
            data.holdAfterFirstBatchOf("audit_logs");
            pendingRequest();
            StartedExport started = done(service.startNext()).orElseThrow();
            assertThat(data.holding()).isTrue();

            clock.advance(GenerateExportUseCase.RENEW_EVERY);
            done(service.renewLeases());

            assertThat(queue.renewals()).isEqualTo(1);
            assertThat(requests.require(REF).lease().expiresAt()).isEqualTo(clock.instant().plus(GenerateExportUseCase.LEASE));
            data.release();
            assertThat(done(started.outcome())).isInstanceOf(ExportOutcome.Completed.class);
            assertThat(auditActions()).containsExactly(AuditAction.EXPORT_STARTED, AuditAction.EXPORT_COMPLETED);
        }

        @Test
        void claimsAndRenewalsSetTheLeaseByTheSharedClockNotThisInstancesClock() {
            MutableClock shared = new MutableClock(T0);
            clock.set(T0.minus(Duration.ofHours(3)));
            GenerateExportService behind = new GenerateExportService(
                    new GenerateExportService.Ports(queue, requests, requests, queue, data, archives, storage, metrics,
                            shared, delays),
                    new RecoverAbandonedExports(queue, requests, shared, NO_PARTIAL_FILES), new ExportSections(List.of(ACCOUNT, TOKENS, LOGS)),
                    POLICY, clock, WORKER);
            data.holdAfterFirstBatchOf("audit_logs");
            pendingRequest();

            StartedExport started = done(behind.startNext()).orElseThrow();
            Instant claimedLease = requests.require(REF).lease().expiresAt();
            shared.advance(GenerateExportUseCase.RENEW_EVERY);
            done(behind.renewLeases());

            assertThat(claimedLease).isEqualTo(T0.plus(GenerateExportUseCase.LEASE));
            assertThat(requests.require(REF).lease().expiresAt())
                    .isEqualTo(T0.plus(GenerateExportUseCase.RENEW_EVERY).plus(GenerateExportUseCase.LEASE));
            data.release();
            assertThat(done(started.outcome())).isInstanceOf(ExportOutcome.Completed.class);
        }

        @Test
        void anExportWhoseLeaseWasTakenOverStopsWithoutRecordingAnythingAndDiscardsItsFile() {
            data.holdAfterFirstBatchOf("audit_logs");
            pendingRequest();
            StartedExport started = done(service.startNext()).orElseThrow();
            clock.advance(GenerateExportUseCase.LEASE);
            done(new RecoverAbandonedExports(queue, requests, clock, NO_PARTIAL_FILES).recover(Actor.system("instance-b")));
            DsarRequest takenOver = done(queue.claimNext("instance-b", clock.instant(), GenerateExportUseCase.LEASE))
                    .orElseThrow();

            done(service.renewLeases());
            data.release();
            ExportOutcome outcome = done(started.outcome());

            assertThat(outcome).isInstanceOf(ExportOutcome.Abandoned.class);
            assertThat(archives.created().get(0).discarded).isTrue();
            assertThat(requests.require(REF)).isEqualTo(takenOver);
            assertThat(requests.events(AuditAction.EXPORT_COMPLETED)).isEmpty();
            assertThat(metrics.events()).containsExactly("started", "abandoned");
        }

        @Test
        void anExportThatCannotRecordItsCompletionDeletesItsFile() {
            data.holdAfterFirstBatchOf("audit_logs");
            pendingRequest();
            StartedExport started = done(service.startNext()).orElseThrow();
            // Someone else moves the row behind this worker's back (it would have renewed otherwise).
            DsarRequest current = requests.require(REF);
            requests.store(current.fail(WORKER, "failed by an operator", clock.instant()).request(),
                    AuditEvent.of(current, AuditAction.EXPORT_FAILED, Actor.operator(), clock.instant()));

            data.release();
            ExportOutcome outcome = done(started.outcome());

            assertThat(outcome).isInstanceOf(ExportOutcome.Abandoned.class);
            assertThat(archives.last().discarded).isTrue();
            assertThat(storage.contains(archives.last().path())).isFalse();
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.FAILED);
        }

        @Test
        void stoppingAbandonsRunningExportsAndClaimsNothingMore() {
            data.holdAfterFirstBatchOf("audit_logs");
            pendingRequest();
            requests.seed(TestRequests.pending(new ReferenceId("GDPR-BOB"), BOB, T0));
            StartedExport started = done(service.startNext()).orElseThrow();
            DsarRequest before = requests.require(REF);

            var stopped = service.abandonAll();
            assertThat(stopped.isComplete()).as("waits for the running export").isFalse();
            data.release();

            assertThat(stopped.succeeded()).isTrue();
            assertThat(done(started.outcome())).isEqualTo(new ExportOutcome.Abandoned(REF, "the worker is stopping"));
            assertThat(archives.last().discarded).isTrue();
            assertThat(requests.require(REF)).as("left to its lease").isEqualTo(before);
            assertThat(done(service.startNext())).isEmpty();
        }
    }

    @Nested
    class OnDemand {

        ExportNowOutcome exportNow(ReferenceId reference) {
            return done(service.exportNow(reference));
        }

        ExportNowOutcome.NotExportable notExportable(ExportNowOutcome outcome, ExportNowOutcome.Reason reason) {
            assertThat(outcome).isInstanceOf(ExportNowOutcome.NotExportable.class);
            ExportNowOutcome.NotExportable not = (ExportNowOutcome.NotExportable) outcome;
            assertThat(not.reason()).isEqualTo(reason);
            return not;
        }

        @Test
        void aPendingRequestIsExportedNowAndTheOperatorIsTheActor() {
            pendingRequest();

            ExportNowOutcome outcome = exportNow(REF);

            assertThat(outcome).isEqualTo(new ExportNowOutcome.Attempted(
                    new ExportOutcome.Completed(REF, archives.last().artifact, 6)));
            assertThat(requests.events()).extracting(AuditEvent::actor).containsOnly(Actor.operator());
        }

        @Test
        void aRequestWaitingForARetryIsExportedAtOnce() {
            data.failing("account", ExportFault.transientFault("db down"));
            pendingRequest();
            exportNext();
            assertThat(requests.require(REF).nextAttemptAt()).isAfter(clock.instant());

            // The same instance, its sections file fixed and restarted.
            ExportNowOutcome outcome = done(service(WORKER, List.of(LOGS)).exportNow(REF));

            assertThat(outcome).isInstanceOf(ExportNowOutcome.Attempted.class);
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.COMPLETED);
            assertThat(requests.require(REF).attempts()).isEqualTo(2);
        }

        @Test
        void aRequestUnderARunningLeaseIsInProgress() {
            requests.seed(TestRequests.processing(REF, ALICE, T0));

            assertThat(notExportable(exportNow(REF), ExportNowOutcome.Reason.IN_PROGRESS).detail())
                    .contains("in progress on " + TestRequests.WORKER);
            assertThat(archives.created()).isEmpty();
        }

        @Test
        void aRequestWhoseWorkerVanishedIsRecoveredAndExported() {
            requests.seed(TestRequests.processing(REF, ALICE, T0.minus(TestRequests.LEASE).minusSeconds(10)));

            ExportNowOutcome outcome = exportNow(REF);

            assertThat(outcome).isInstanceOf(ExportNowOutcome.Attempted.class);
            assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.COMPLETED);
            assertThat(auditActions()).containsExactly(AuditAction.EXPORT_REQUEUED, AuditAction.EXPORT_STARTED,
                    AuditAction.EXPORT_COMPLETED);
        }

        @Test
        void aCompletedExportWithItsFileIsReportedWithoutGeneratingAgain() {
            DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0.minusSeconds(600), 4096));
            storage.put(completed.storagePath(), 4096);

            ExportNowOutcome outcome = exportNow(REF);

            assertThat(outcome).isEqualTo(new ExportNowOutcome.AlreadyExported(REF, new dev.dsar.domain.ExportArtifact(
                    completed.storagePath(), 4096, completed.exportSha256())));
            assertThat(archives.created()).isEmpty();
        }

        @Test
        void aCompletedExportWhoseFileIsGoneOrTruncatedIsReportedMissing() {
            DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0.minusSeconds(600), 4096));

            notExportable(exportNow(REF), ExportNowOutcome.Reason.FILE_MISSING);
            storage.put(completed.storagePath(), 10);
            notExportable(exportNow(REF), ExportNowOutcome.Reason.FILE_MISSING);
        }

        @Test
        void anExportPastItsRetentionIsExpiredEvenBeforeCleanup() {
            DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0.minus(Duration.ofDays(31)), 4096));
            storage.put(completed.storagePath(), 4096);

            notExportable(exportNow(REF), ExportNowOutcome.Reason.EXPIRED);
        }

        @Test
        void aFailedRequestIsReportedWithItsLastError() {
            requests.seed(TestRequests.failed(REF, ALICE, T0));

            assertThat(notExportable(exportNow(REF), ExportNowOutcome.Reason.FAILED).detail())
                    .isEqualTo("the export of GDPR-ALICE failed: section orders: relation does not exist");
        }

        @Test
        void anUnknownReferenceIsNotFound() {
            notExportable(exportNow(new ReferenceId("GDPR-NONE")), ExportNowOutcome.Reason.NOT_FOUND);
        }
    }
}
