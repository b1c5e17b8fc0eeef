package dev.dsar.application.port.in;

import dev.dsar.domain.Actor;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import java.time.Instant;
import java.util.Optional;

/**
 * A request as an operator sees it: what its owner sees, plus who asked, how many attempts the export took, the
 * last error, how often it was downloaded, and whether it is overdue (not completed by its due date).
 */
public record AdminRequestView(
        ExportStatusView request,
        Actor requestedBy,
        int attempts,
        Optional<String> lastError,
        long downloadCount,
        Optional<Instant> lastDownloadedAt,
        boolean overdue) {

    public static AdminRequestView of(DsarRequest request, RetentionPolicy retention, ResponseDeadline deadline,
                                      Instant now) {
        return new AdminRequestView(ExportStatusView.of(request, retention, deadline, now), request.requestedBy(),
                request.attempts(), Optional.ofNullable(request.lastError()), request.downloadCount(),
                Optional.ofNullable(request.lastDownloadedAt()), deadline.isOverdue(request, now));
    }
}
