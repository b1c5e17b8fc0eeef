package dev.dsar.adapters.persistence;

import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.Lease;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** How a {@link DsarRequest} and an {@link AuditEvent} sit in their tables. */
final class DsarRequestRows {

    static final String COLUMNS = "user_id, gdpr_reference_id, status, requested_by, requested_at, started_at, "
            + "completed_at, failed_at, file_deleted_at, attempts, next_attempt_at, lease_owner, lease_expires_at, "
            + "export_storage_path, export_bytes_size, export_sha256, last_error, download_count, "
            + "last_downloaded_at, version";

    /** Named parameters in {@link #COLUMNS} order, for SqlTemplate. */
    static final String VALUES = "#{user_id}, #{gdpr_reference_id}, #{status}, #{requested_by}, #{requested_at}, "
            + "#{started_at}, #{completed_at}, #{failed_at}, #{file_deleted_at}, #{attempts}, #{next_attempt_at}, "
            + "#{lease_owner}, #{lease_expires_at}, #{export_storage_path}, #{export_bytes_size}, #{export_sha256}, "
            + "#{last_error}, #{download_count}, #{last_downloaded_at}, #{version}";

    /**
     * What a move writes: everything but the download counters, which receipts add to concurrently and which
     * a move must never overwrite with the older values of its snapshot.
     */
    static final String MOVE_COLUMNS = "user_id, gdpr_reference_id, status, requested_by, requested_at, started_at, "
            + "completed_at, failed_at, file_deleted_at, attempts, next_attempt_at, lease_owner, lease_expires_at, "
            + "export_storage_path, export_bytes_size, export_sha256, last_error, version";
    static final String MOVE_VALUES = "#{user_id}, #{gdpr_reference_id}, #{status}, #{requested_by}, #{requested_at}, "
            + "#{started_at}, #{completed_at}, #{failed_at}, #{file_deleted_at}, #{attempts}, #{next_attempt_at}, "
            + "#{lease_owner}, #{lease_expires_at}, #{export_storage_path}, #{export_bytes_size}, #{export_sha256}, "
            + "#{last_error}, #{version}";

    static final RowMapper<DsarRequest> REQUEST = DsarRequestRows::toRequest;

    private DsarRequestRows() {
    }

    static DsarRequest toRequest(Row row) {
        String leaseOwner = row.getString("lease_owner");
        Long bytes = row.getLong("export_bytes_size");
        return new DsarRequest(
                new ReferenceId(row.getString("gdpr_reference_id")),
                new UserId(row.getLong("user_id")),
                Actor.fromCode(row.getString("requested_by")).orElse(Actor.system("unknown")),
                DsarStatus.fromCode(row.getString("status"))
                        .orElseThrow(() -> new IllegalStateException("unknown status " + row.getString("status"))),
                instant(row, "requested_at"),
                instant(row, "started_at"),
                instant(row, "completed_at"),
                instant(row, "failed_at"),
                instant(row, "file_deleted_at"),
                row.getInteger("attempts"),
                instant(row, "next_attempt_at"),
                leaseOwner == null ? null : new Lease(leaseOwner, instant(row, "lease_expires_at")),
                row.getString("export_storage_path"),
                bytes,
                row.getString("export_sha256"),
                row.getString("last_error"),
                row.getLong("download_count"),
                instant(row, "last_downloaded_at"),
                row.getLong("version"));
    }

    static Map<String, Object> parameters(DsarRequest request) {
        Map<String, Object> p = new HashMap<>();
        p.put("user_id", request.userId().value());
        p.put("gdpr_reference_id", request.reference().value());
        p.put("status", request.status().code());
        p.put("requested_by", request.requestedBy().code());
        p.put("requested_at", at(request.requestedAt()));
        p.put("started_at", at(request.startedAt()));
        p.put("completed_at", at(request.completedAt()));
        p.put("failed_at", at(request.failedAt()));
        p.put("file_deleted_at", at(request.fileDeletedAt()));
        p.put("attempts", request.attempts());
        p.put("next_attempt_at", at(request.nextAttemptAt()));
        p.put("lease_owner", request.lease() == null ? null : request.lease().owner());
        p.put("lease_expires_at", request.lease() == null ? null : at(request.lease().expiresAt()));
        p.put("export_storage_path", request.storagePath());
        p.put("export_bytes_size", request.exportBytes());
        p.put("export_sha256", request.exportSha256());
        p.put("last_error", request.lastError());
        p.put("download_count", request.downloadCount());
        p.put("last_downloaded_at", at(request.lastDownloadedAt()));
        p.put("version", request.version());
        return p;
    }

    /** Adds the audit event's parameters, prefixed {@code audit_}, to a statement's parameters. */
    static Map<String, Object> withAudit(Map<String, Object> parameters, AuditEvent event) {
        parameters.put("audit_reference", event.reference().value());
        parameters.put("audit_user_id", event.userId().value());
        parameters.put("audit_action", event.action().code());
        parameters.put("audit_actor", event.actor().code());
        parameters.put("audit_at", at(event.at()));
        parameters.put("audit_details", new JsonObject(new HashMap<>(event.details())));
        return parameters;
    }

    /** An INSERT of the audit event whose parameters {@link #withAudit} added, for rows of {@code source}. */
    static String insertAuditFrom(String source) {
        return "INSERT INTO dsar_audit_events (gdpr_reference_id, user_id, action, actor, occurred_at, details) "
                + "SELECT #{audit_reference}, #{audit_user_id}, #{audit_action}, #{audit_actor}, #{audit_at}, "
                + "#{audit_details} FROM " + source;
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
