package dev.dsar.application.port.out;

import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.time.Instant;

/**
 * Issues signed download links (contract §7.2): a URL that downloads one export for its owner without an
 * {@code Authorization} header until {@code expiresAt}. The caller bounds {@code expiresAt} (its own lifetime,
 * never past the export's expiry); the link binds reference, owner and expiry, so altering any of them voids it.
 */
public interface DownloadLinkPort {

    /** The link, as a path relative to the service ({@code /api/dsar/download/{ref}?link=…}). */
    DownloadLink issue(ReferenceId reference, UserId owner, Instant expiresAt);

    record DownloadLink(String url, Instant expiresAt) {
    }
}
