package dev.dsar.application.service;

import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.application.port.in.DownloadExportUseCase;
import dev.dsar.application.port.in.DownloadLinkOutcome;
import dev.dsar.application.port.in.IssueDownloadLinkUseCase;
import dev.dsar.application.port.out.DownloadLinkPort;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Links are issued for exactly what the owner could download now: the download's own decision is taken (so an
 * expired export is deleted on the spot and answered as expired), and a link lives {@code lifetime} at most,
 * never past the export's expiry.
 */
public final class IssueDownloadLinkService implements IssueDownloadLinkUseCase {

    private final DownloadExportUseCase downloads;
    private final DownloadLinkPort links;
    private final Duration lifetime;
    private final Clock clock;

    public IssueDownloadLinkService(DownloadExportUseCase downloads, DownloadLinkPort links, Duration lifetime,
                                    Clock clock) {
        this.downloads = Objects.requireNonNull(downloads, "downloads");
        this.links = Objects.requireNonNull(links, "links");
        if (lifetime.isZero() || lifetime.isNegative()) {
            throw new IllegalArgumentException("a link lives a positive duration");
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public Future<DownloadLinkOutcome> issue(UserId caller, ReferenceId reference) {
        return downloads.decide(caller, reference).map(decision -> {
            if (!(decision instanceof DownloadDecision.Ready ready)) {
                return new DownloadLinkOutcome.Refused(decision);
            }
            Instant until = clock.instant().plus(lifetime);
            if (ready.expiresAt().isBefore(until)) {
                until = ready.expiresAt();
            }
            DownloadLinkPort.DownloadLink link = links.issue(reference, ready.owner(), until);
            return new DownloadLinkOutcome.Issued(link.url(), link.expiresAt());
        });
    }
}
