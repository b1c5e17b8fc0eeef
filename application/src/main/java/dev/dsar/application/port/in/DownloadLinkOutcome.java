package dev.dsar.application.port.in;

import java.time.Instant;

/** A link, or the download decision that stood in its way (anything but {@link DownloadDecision.Ready}). */
public sealed interface DownloadLinkOutcome {

    /** {@code url} is relative to the service; it works until {@code expiresAt}. */
    record Issued(String url, Instant expiresAt) implements DownloadLinkOutcome {
    }

    /** Not the caller's, not ready, expired (deleted on the spot, as on a download) or its file missing. */
    record Refused(DownloadDecision decision) implements DownloadLinkOutcome {
        public Refused {
            if (decision instanceof DownloadDecision.Ready) {
                throw new IllegalArgumentException("a ready export gets its link");
            }
        }
    }
}
