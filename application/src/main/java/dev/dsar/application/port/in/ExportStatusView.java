package dev.dsar.application.port.in;

import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * A request as its owner sees it at a given instant: the status is the effective one (a completed export
 * past its retention reads as expired even before cleanup has run), with a message for expired and failed, and
 * when the answer is due ({@link ResponseDeadline}).
 */
public record ExportStatusView(
        ReferenceId reference,
        UserId userId,
        DsarStatus status,
        Instant requestedAt,
        Optional<Instant> completedAt,
        Optional<Instant> expiresAt,
        Optional<Long> exportBytes,
        Optional<String> sha256,
        boolean downloadable,
        Optional<String> message,
        Instant dueAt) {

    public static final String EXPIRED_MESSAGE =
            "The export file has expired and been deleted for security reasons. Please generate a new export.";
    public static final String FAILED_MESSAGE =
            "The export could not be generated. Please request a new export; if this keeps happening, contact support.";

    public static ExportStatusView of(DsarRequest request, RetentionPolicy policy, ResponseDeadline deadline,
                                      Instant now) {
        DsarStatus status = request.effectiveStatus(policy, now);
        Optional<String> message = switch (status) {
            case EXPIRED -> Optional.of(EXPIRED_MESSAGE);
            case FAILED -> Optional.of(FAILED_MESSAGE);
            case PENDING, PROCESSING, COMPLETED -> Optional.empty();
        };
        return new ExportStatusView(request.reference(), request.userId(), status, request.requestedAt(),
                Optional.ofNullable(request.completedAt()), request.expiresAt(policy),
                Optional.ofNullable(request.exportBytes()), Optional.ofNullable(request.exportSha256()),
                status == DsarStatus.COMPLETED, message, deadline.dueAt(request.requestedAt()));
    }
}
