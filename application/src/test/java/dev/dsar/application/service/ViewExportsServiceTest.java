package dev.dsar.application.service;

import static dev.dsar.application.fakes.Futures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.InMemoryDsarRequests;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.fakes.TestRequests;
import dev.dsar.application.port.in.ExportStatusView;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ViewExportsServiceTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final UserId ALICE = new UserId(42);
    static final UserId BOB = new UserId(7);
    static final Duration RETENTION = Duration.ofDays(30);
    static final RetentionPolicy POLICY = RetentionPolicy.ofDays(30);

    static final ReferenceId REF = new ReferenceId("GDPR-AAAAAAAAAAAAAAAAAAAAAAAAAA");
    static final ReferenceId BOBS = new ReferenceId("GDPR-BBBBBBBBBBBBBBBBBBBBBBBBBB");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDsarRequests requests = new InMemoryDsarRequests();
    final ViewExportsService service = new ViewExportsService(requests, POLICY, ResponseDeadline.defaults(), clock);

    ExportStatusView find(UserId caller, ReferenceId reference) {
        Optional<ExportStatusView> found = done(service.find(caller, reference));
        assertThat(found).isPresent();
        return found.get();
    }

    List<ExportStatusView> list(UserId caller) {
        return done(service.list(caller));
    }

    // ---- only the caller's own ------------------------------------------------------------------------------

    @Test
    void findReturnsTheCallersOwnRequest() {
        requests.seed(TestRequests.pending(REF, ALICE, T0));

        ExportStatusView view = find(ALICE, REF);

        assertThat(view.reference()).isEqualTo(REF);
        assertThat(view.userId()).isEqualTo(ALICE);
        assertThat(view.status()).isEqualTo(DsarStatus.PENDING);
        assertThat(view.requestedAt()).isEqualTo(T0);
    }

    @Test
    void aRequestIsDueAtItsRequestTimePlusTheResponseDeadline() {
        requests.seed(TestRequests.completed(REF, ALICE, T0, 2048));
        ViewExportsService twoMonths = new ViewExportsService(requests, POLICY,
                new ResponseDeadline(Duration.ofDays(60)), clock);

        assertThat(find(ALICE, REF).dueAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(done(twoMonths.find(ALICE, REF)).orElseThrow().dueAt()).isEqualTo(T0.plus(Duration.ofDays(60)));
    }

    @Test
    void findOfAnotherUsersRequestIsEmpty() {
        requests.seed(TestRequests.completed(BOBS, BOB, T0, 2048));

        assertThat(done(service.find(ALICE, BOBS))).isEmpty();
    }

    @Test
    void findOfAnUnknownReferenceIsEmpty() {
        requests.seed(TestRequests.pending(REF, ALICE, T0));

        assertThat(done(service.find(ALICE, new ReferenceId("GDPR-UNKNOWNUNKNOWNUNKNOWNUNKN")))).isEmpty();
    }

    @Test
    void listShowsOnlyTheCallersRequestsNewestFirst() {
        ReferenceId oldest = new ReferenceId("alice-1");
        ReferenceId middle = new ReferenceId("alice-2");
        ReferenceId newest = new ReferenceId("alice-3");
        // Seeded out of order on purpose: the order comes from requestedAt, not from insertion.
        requests.seed(TestRequests.completed(middle, ALICE, T0.minus(Duration.ofDays(2)), 10));
        requests.seed(TestRequests.pending(newest, ALICE, T0.minus(Duration.ofHours(1))));
        requests.seed(TestRequests.failed(oldest, ALICE, T0.minus(Duration.ofDays(3))));
        requests.seed(TestRequests.pending(BOBS, BOB, T0));

        List<ExportStatusView> views = list(ALICE);

        assertThat(views).extracting(ExportStatusView::reference).containsExactly(newest, middle, oldest);
        assertThat(views).extracting(ExportStatusView::userId).containsOnly(ALICE);
    }

    @Test
    void listOfAUserWithoutRequestsIsEmpty() {
        requests.seed(TestRequests.pending(BOBS, BOB, T0));

        assertThat(list(ALICE)).isEmpty();
    }

    // ---- what a view says -----------------------------------------------------------------------------------

    @Test
    void completedExportIsDownloadableAndExpiresAtCompletionPlusRetention() {
        DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, 4096));
        clock.set(completed.completedAt().plus(Duration.ofDays(29)));

        ExportStatusView view = find(ALICE, REF);

        assertThat(view.status()).isEqualTo(DsarStatus.COMPLETED);
        assertThat(view.completedAt()).contains(completed.completedAt());
        assertThat(view.expiresAt()).contains(completed.completedAt().plus(RETENTION));
        assertThat(view.exportBytes()).contains(4096L);
        assertThat(view.sha256()).contains(TestRequests.SHA256);
        assertThat(view.downloadable()).isTrue();
        assertThat(view.message()).isEmpty();
    }

    @Test
    void completedExportOneNanosecondBeforeRetentionEndIsStillCompleted() {
        DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, 4096));
        clock.set(completed.completedAt().plus(RETENTION).minusNanos(1));

        ExportStatusView view = find(ALICE, REF);

        assertThat(view.status()).isEqualTo(DsarStatus.COMPLETED);
        assertThat(view.downloadable()).isTrue();
        assertThat(view.message()).isEmpty();
    }

    @Test
    void completedExportReadsAsExpiredFromTheInstantRetentionEndsEvenBeforeCleanupRan() {
        DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, 4096));
        clock.set(completed.completedAt().plus(RETENTION));

        ExportStatusView view = find(ALICE, REF);

        assertThat(view.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(view.downloadable()).isFalse();
        assertThat(view.message()).contains(
                "The export file has expired and been deleted for security reasons. Please generate a new export.");
        assertThat(view.message()).contains(ExportStatusView.EXPIRED_MESSAGE);
        assertThat(view.expiresAt()).contains(completed.completedAt().plus(RETENTION));
        // Reading is not cleaning: the row is untouched.
        assertThat(requests.require(REF)).isEqualTo(completed);
        assertThat(requests.writes()).isZero();
    }

    @Test
    void listAlsoShowsTheEffectiveStatus() {
        DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, 4096));
        clock.set(completed.completedAt().plus(Duration.ofDays(31)));

        assertThat(list(ALICE)).singleElement().satisfies(view -> {
            assertThat(view.status()).isEqualTo(DsarStatus.EXPIRED);
            assertThat(view.message()).contains(ExportStatusView.EXPIRED_MESSAGE);
            assertThat(view.downloadable()).isFalse();
        });
    }

    @Test
    void expiredRowReadsAsExpiredWithTheExpiredMessage() {
        DsarRequest expired = requests.seed(TestRequests.expired(REF, ALICE, T0, T0.plus(Duration.ofDays(31)), POLICY));
        clock.set(T0.plus(Duration.ofDays(32)));

        ExportStatusView view = find(ALICE, REF);

        assertThat(view.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(view.message()).contains(ExportStatusView.EXPIRED_MESSAGE);
        assertThat(view.downloadable()).isFalse();
        assertThat(view.completedAt()).contains(expired.completedAt());
        assertThat(view.expiresAt()).contains(expired.completedAt().plus(RETENTION));
    }

    @Test
    void failedRequestCarriesTheFailedMessageAndNoExpiry() {
        requests.seed(TestRequests.failed(REF, ALICE, T0));
        clock.advance(Duration.ofHours(1));

        ExportStatusView view = find(ALICE, REF);

        assertThat(view.status()).isEqualTo(DsarStatus.FAILED);
        assertThat(view.message()).contains(
                "The export could not be generated. Please request a new export; if this keeps happening, contact support.");
        assertThat(view.message()).contains(ExportStatusView.FAILED_MESSAGE);
        assertThat(view.downloadable()).isFalse();
        assertThat(view.completedAt()).isEmpty();
        assertThat(view.expiresAt()).isEmpty();
        assertThat(view.exportBytes()).isEmpty();
    }

    @Test
    void pendingAndProcessingRequestsHaveNoMessageAndAreNotDownloadable() {
        ReferenceId processing = new ReferenceId("bob-processing");
        requests.seed(TestRequests.pending(REF, ALICE, T0));
        requests.seed(TestRequests.processing(processing, BOB, T0));

        ExportStatusView pendingView = find(ALICE, REF);
        ExportStatusView processingView = find(BOB, processing);

        assertThat(pendingView.status()).isEqualTo(DsarStatus.PENDING);
        assertThat(processingView.status()).isEqualTo(DsarStatus.PROCESSING);
        assertThat(List.of(pendingView, processingView)).allSatisfy(view -> {
            assertThat(view.message()).isEmpty();
            assertThat(view.downloadable()).isFalse();
            assertThat(view.expiresAt()).isEmpty();
        });
    }

    @Test
    void retentionInForceDecidesTheExpiry() {
        RetentionPolicy shortRetention = POLICY.withRetention(Duration.ofSeconds(5));
        ViewExportsService shortService = new ViewExportsService(requests, shortRetention, ResponseDeadline.defaults(), clock);
        DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, 1));
        clock.set(completed.completedAt().plusSeconds(5));

        ExportStatusView view = done(shortService.find(ALICE, REF)).orElseThrow();

        assertThat(view.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(view.expiresAt()).contains(completed.completedAt().plusSeconds(5));
    }
}
