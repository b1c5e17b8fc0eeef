package dev.dsar.application.service;

import dev.dsar.application.port.in.ExportStatusView;
import dev.dsar.application.port.in.ViewExportsUseCase;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class ViewExportsService implements ViewExportsUseCase {

    private final LoadRequestPort requests;
    private final RetentionPolicy retention;
    private final ResponseDeadline deadline;
    private final Clock clock;

    public ViewExportsService(LoadRequestPort requests, RetentionPolicy retention, ResponseDeadline deadline,
                              Clock clock) {
        this.requests = requests;
        this.retention = retention;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public Future<Optional<ExportStatusView>> find(UserId caller, ReferenceId reference) {
        return requests.findByReference(reference).map(found -> {
            Instant now = clock.instant();
            return found.filter(request -> request.isOwnedBy(caller))
                    .map(request -> ExportStatusView.of(request, retention, deadline, now));
        });
    }

    @Override
    public Future<List<ExportStatusView>> list(UserId caller) {
        return requests.listByUser(caller).map(all -> {
            Instant now = clock.instant();
            return all.stream().map(request -> ExportStatusView.of(request, retention, deadline, now)).toList();
        });
    }
}
