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

    /** One row; a result of many rows reads faster through {@link RequestColumns}. */
    static DsarRequest toRequest(Row row) {
        return RequestColumns.of(row).read(row);
    }

    /**
     * Where a request's columns sit in a result, found once: looking a column up by name costs a search of the
     * result's column names, twenty times a row, which was a fifth of a cleanup cycle's own CPU time.
     */
    static final class RequestColumns {

        private final int reference;
        private final int userId;
        private final int requestedBy;
        private final int status;
        private final int requestedAt;
        private final int startedAt;
        private final int completedAt;
        private final int failedAt;
        private final int fileDeletedAt;
        private final int attempts;
        private final int nextAttemptAt;
        private final int leaseOwner;
        private final int leaseExpiresAt;
        private final int storagePath;
        private final int bytes;
        private final int sha256;
        private final int lastError;
        private final int downloadCount;
        private final int lastDownloadedAt;
        private final int version;

        private RequestColumns(Row row) {
            reference = column(row, "gdpr_reference_id");
            userId = column(row, "user_id");
            requestedBy = column(row, "requested_by");
            status = column(row, "status");
            requestedAt = column(row, "requested_at");
            startedAt = column(row, "started_at");
            completedAt = column(row, "completed_at");
            failedAt = column(row, "failed_at");
            fileDeletedAt = column(row, "file_deleted_at");
            attempts = column(row, "attempts");
            nextAttemptAt = column(row, "next_attempt_at");
            leaseOwner = column(row, "lease_owner");
            leaseExpiresAt = column(row, "lease_expires_at");
            storagePath = column(row, "export_storage_path");
            bytes = column(row, "export_bytes_size");
            sha256 = column(row, "export_sha256");
            lastError = column(row, "last_error");
            downloadCount = column(row, "download_count");
            lastDownloadedAt = column(row, "last_downloaded_at");
            version = column(row, "version");
        }

        /** The positions in the result {@code row} belongs to (every row of one result shares them). */
        static RequestColumns of(Row row) {
            return new RequestColumns(row);
        }

        private static int column(Row row, String name) {
            int index = row.getColumnIndex(name);
            if (index < 0) {
                throw new IllegalStateException("a request row without the column " + name);
            }
            return index;
        }

        DsarRequest read(Row row) {
            String owner = row.getString(leaseOwner);
            String statusCode = row.getString(status);
            return new DsarRequest(
                    new ReferenceId(row.getString(reference)),
                    new UserId(row.getLong(userId)),
                    Actor.fromCode(row.getString(requestedBy)).orElse(Actor.system("unknown")),
                    DsarStatus.fromCode(statusCode)
                            .orElseThrow(() -> new IllegalStateException("unknown status " + statusCode)),
                    instant(row, requestedAt),
                    instant(row, startedAt),
                    instant(row, completedAt),
                    instant(row, failedAt),
                    instant(row, fileDeletedAt),
                    row.getInteger(attempts),
                    instant(row, nextAttemptAt),
                    owner == null ? null : new Lease(owner, instant(row, leaseExpiresAt)),
                    row.getString(storagePath),
                    row.getLong(bytes),
                    row.getString(sha256),
                    row.getString(lastError),
                    row.getLong(downloadCount),
                    instant(row, lastDownloadedAt),
                    row.getLong(version));
        }

        private static Instant instant(Row row, int column) {
            OffsetDateTime value = row.getOffsetDateTime(column);
            return value == null ? null : value.toInstant();
        }
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
