package dev.dsar.application.service;

import dev.dsar.application.port.in.ExportStatusView;
import dev.dsar.application.port.in.RequestExportCommand;
import dev.dsar.application.port.in.RequestExportOutcome;
import dev.dsar.application.port.in.RequestExportUseCase;
import dev.dsar.application.port.out.InsertRequestPort;
import dev.dsar.application.port.out.InsertRequestPort.InsertOutcome;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

public final class RequestExportService implements RequestExportUseCase {

    private final InsertRequestPort requests;
    private final RetentionPolicy retention;
    private final ResponseDeadline deadline;
    private final Clock clock;
    private final SecureRandom random;

    public RequestExportService(InsertRequestPort requests, RetentionPolicy retention, ResponseDeadline deadline,
                                Clock clock, SecureRandom random) {
        this.requests = requests;
        this.retention = retention;
        this.deadline = deadline;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Future<RequestExportOutcome> request(RequestExportCommand command) {
        Instant now = clock.instant();
        ReferenceId reference = command.reference().orElseGet(() -> ReferenceId.generate(random));
        DsarRequest request = DsarRequest.submit(reference, command.user(), command.requestedBy(), now);
        AuditEvent requested = AuditEvent.of(request, AuditAction.REQUESTED, command.requestedBy(), now);
        return requests.insert(request, requested).map(outcome -> toOutcome(outcome, now));
    }

    private RequestExportOutcome toOutcome(InsertOutcome outcome, Instant now) {
        if (outcome instanceof InsertOutcome.Inserted inserted) {
            return new RequestExportOutcome.Created(ExportStatusView.of(inserted.request(), retention, deadline, now));
        }
        if (outcome instanceof InsertOutcome.ActiveRequestExists active) {
            return new RequestExportOutcome.AlreadyInProgress(active.activeReference());
        }
        return new RequestExportOutcome.ReferenceTaken(((InsertOutcome.ReferenceTaken) outcome).reference());
    }
}
