package dev.dsar.application.port.in;

import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;

/**
 * The owner of a completed export asks for a signed link that downloads it without a token (contract §7.2), e.g.
 * so that a browser downloads natively. The same rules as a download decide whether there is anything to link to.
 */
public interface IssueDownloadLinkUseCase {

    Future<DownloadLinkOutcome> issue(UserId caller, ReferenceId reference);
}
