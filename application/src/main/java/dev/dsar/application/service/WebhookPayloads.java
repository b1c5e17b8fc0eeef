package dev.dsar.application.service;

import dev.dsar.application.port.out.DownloadLinkPort;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.WebhookEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code data} of a notification (contract §7.4): reference, user id and status, and per type the times a
 * receiver needs; {@code export.completed} also carries a download link valid {@code linkTtl}, never past the
 * export's expiry, issued when the event is sent. Nothing else about the user.
 */
public final class WebhookPayloads {

    /** The retention in force (expiry) and the response deadline ({@code due_at}). */
    public record Windows(RetentionPolicy retention, Duration responseDeadline, Duration linkTtl) {
    }

    private final LoadRequestPort requests;
    private final DownloadLinkPort links;
    private final Windows windows;
    private final Clock clock;

    public WebhookPayloads(LoadRequestPort requests, DownloadLinkPort links, Windows windows, Clock clock) {
        this.requests = requests;
        this.links = links;
        this.windows = windows;
        this.clock = clock;
    }

    public Future<Map<String, Object>> dataOf(WebhookEvent event) {
        return requests.findByReference(event.reference()).map(found -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reference_id", event.reference().value());
            data.put("user_id", event.userId().value());
            found.ifPresentOrElse(request -> describe(event, request, data), () -> data.put("status", statusOf(event)));
            return data;
        });
    }

    private void describe(WebhookEvent event, DsarRequest request, Map<String, Object> data) {
        data.put("status", event.type() == dev.dsar.domain.WebhookEventType.REQUEST_OVERDUE
                ? request.status().code() : statusOf(event));
        data.put("requested_at", request.requestedAt());
        switch (event.type()) {
            case EXPORT_COMPLETED -> {
                Instant expiresAt = windows.retention().expiresAt(request.completedAt());
                data.put("completed_at", request.completedAt());
                data.put("expires_at", expiresAt);
                Instant now = clock.instant();
                if (request.status() == dev.dsar.domain.DsarStatus.COMPLETED && now.isBefore(expiresAt)) {
                    Instant until = now.plus(windows.linkTtl());
                    DownloadLinkPort.DownloadLink link = links.issue(request.reference(), request.userId(),
                            until.isBefore(expiresAt) ? until : expiresAt);
                    data.put("download_link", link.url());
                    data.put("download_link_expires_at", link.expiresAt());
                }
            }
            case EXPORT_EXPIRING -> data.put("expires_at", windows.retention().expiresAt(request.completedAt()));
            case EXPORT_EXPIRED -> data.put("expired_at", request.fileDeletedAt() == null
                    ? event.occurredAt() : request.fileDeletedAt());
            case EXPORT_FAILED -> data.put("failed_at", request.failedAt() == null
                    ? event.occurredAt() : request.failedAt());
            case REQUEST_OVERDUE -> data.put("due_at", request.requestedAt().plus(windows.responseDeadline()));
        }
    }

    private static String statusOf(WebhookEvent event) {
        return switch (event.type()) {
            case EXPORT_COMPLETED, EXPORT_EXPIRING -> "completed";
            case EXPORT_FAILED -> "failed";
            case EXPORT_EXPIRED -> "expired";
            case REQUEST_OVERDUE -> "overdue";
        };
    }
}
