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
import dev.dsar.application.port.in.DownloadLinkOutcome;
import dev.dsar.application.port.out.DownloadLinkPort;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssueDownloadLinkServiceTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final UserId ALICE = new UserId(42);
    static final UserId BOB = new UserId(7);
    static final RetentionPolicy POLICY = RetentionPolicy.ofDays(30);
    static final Duration LIFETIME = Duration.ofMinutes(15);
    static final long BYTES = 8192;
    static final ReferenceId REF = new ReferenceId("GDPR-AAAAAAAAAAAAAAAAAAAAAAAAAA");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDsarRequests requests = new InMemoryDsarRequests();
    final InMemoryExportStorage storage = new InMemoryExportStorage();
    final RecordingLinks links = new RecordingLinks();
    final IssueDownloadLinkService service = new IssueDownloadLinkService(new DownloadExportService(
            requests, storage, new ExportExpiry(storage, requests), new RecordingReceipts(), POLICY, clock,
            new InMemoryExpiringMemory<>(clock)), links, LIFETIME, clock);

    /** Signs nothing: records what it was asked for and answers with it. */
    static final class RecordingLinks implements DownloadLinkPort {
        final List<String> issued = new ArrayList<>();

        @Override
        public DownloadLink issue(ReferenceId reference, UserId owner, Instant expiresAt) {
            issued.add(reference + "/" + owner + "/" + expiresAt);
            return new DownloadLink("/api/dsar/download/" + reference + "?link=test", expiresAt);
        }
    }

    DsarRequest completedWithFile() {
        DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, BYTES));
        storage.put(completed.storagePath(), BYTES);
        return completed;
    }

    @Test
    void theOwnerGetsALinkForTheLinkLifetime() {
        completedWithFile();
        clock.set(T0.plus(Duration.ofDays(1)));

        DownloadLinkOutcome outcome = done(service.issue(ALICE, REF));

        Instant until = T0.plus(Duration.ofDays(1)).plus(LIFETIME);
        assertThat(outcome).isEqualTo(new DownloadLinkOutcome.Issued("/api/dsar/download/" + REF + "?link=test", until));
        assertThat(links.issued).containsExactly(REF + "/" + ALICE + "/" + until);
    }

    @Test
    void aLinkNeverOutlivesTheExport() {
        DsarRequest completed = completedWithFile();
        Instant exportExpiry = completed.completedAt().plus(POLICY.retention());
        clock.set(exportExpiry.minus(Duration.ofMinutes(5)));

        DownloadLinkOutcome outcome = done(service.issue(ALICE, REF));

        assertThat(((DownloadLinkOutcome.Issued) outcome).expiresAt()).isEqualTo(exportExpiry);
    }

    @Test
    void someoneElsesExportGetsNoLink() {
        completedWithFile();

        assertThat(done(service.issue(BOB, REF))).isEqualTo(new DownloadLinkOutcome.Refused(new DownloadDecision.NotFound()));
        assertThat(links.issued).isEmpty();
    }

    @Test
    void anExportNotReadyGetsNoLink() {
        requests.seed(TestRequests.pending(REF, ALICE, T0));

        assertThat(done(service.issue(ALICE, REF)))
                .isEqualTo(new DownloadLinkOutcome.Refused(new DownloadDecision.NotReady(DsarStatus.PENDING)));
        assertThat(links.issued).isEmpty();
    }

    @Test
    void anExpiredExportGetsNoLinkAndIsExpiredOnTheSpot() {
        DsarRequest completed = completedWithFile();
        clock.set(completed.completedAt().plus(POLICY.retention()));

        assertThat(done(service.issue(ALICE, REF)))
                .isEqualTo(new DownloadLinkOutcome.Refused(new DownloadDecision.Expired(POLICY.retention())));
        assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(links.issued).isEmpty();
    }
}
