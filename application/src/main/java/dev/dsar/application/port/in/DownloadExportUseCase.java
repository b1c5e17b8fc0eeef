package dev.dsar.application.port.in;

import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;

/** The owner asks for their export file. */
public interface DownloadExportUseCase {

    /** Whether, and what, to send. Expiry is decided now: an export past retention is deleted on the spot. */
    Future<DownloadDecision> decide(UserId caller, ReferenceId reference);

    /**
     * The file of a {@link DownloadDecision.Ready} could not be opened when it was about to be sent (another
     * instance's cleanup may just have deleted it): decide again from the stored state, without any cache.
     */
    Future<DownloadDecision> decideAfterFileVanished(UserId caller, ReferenceId reference);

    /** The file was sent in full: counted on the request and in the audit trail, off the download path. */
    void recordDownload(DownloadDecision.Ready sent);
}
