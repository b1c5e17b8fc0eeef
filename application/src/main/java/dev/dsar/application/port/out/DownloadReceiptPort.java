package dev.dsar.application.port.out;

import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.time.Instant;

/**
 * Counts completed downloads on the request and in the audit trail. Fire and forget: implementations batch
 * receipts so that recording never waits on, or slows, the download itself.
 */
public interface DownloadReceiptPort {

    void record(ReferenceId reference, UserId owner, Instant at);
}
