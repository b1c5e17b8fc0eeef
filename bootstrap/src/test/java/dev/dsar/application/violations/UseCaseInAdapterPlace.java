package dev.dsar.application.violations;

import dev.dsar.application.port.in.ExportStatusView;
import dev.dsar.application.port.in.ViewExportsUseCase;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Breaks the use-case rule on purpose (test sources only): a use case implemented outside the services. */
public final class UseCaseInAdapterPlace implements ViewExportsUseCase {
    @Override
    public Future<Optional<ExportStatusView>> find(UserId caller, ReferenceId reference) {
        return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<List<ExportStatusView>> list(UserId caller) {
        return Future.succeededFuture(List.of());
    }
}
