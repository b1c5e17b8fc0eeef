package dev.dsar.application.port.in;

import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** A data subject looks at their own requests. Other users' requests do not exist for them. */
public interface ViewExportsUseCase {

    /** The caller's request with this reference; empty when unknown or someone else's. */
    Future<Optional<ExportStatusView>> find(UserId caller, ReferenceId reference);

    /** The caller's requests, newest first. */
    Future<List<ExportStatusView>> list(UserId caller);
}
