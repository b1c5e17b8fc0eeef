package dev.dsar.adapters.persistence;

import dev.dsar.application.port.out.JsonText;
import dev.dsar.application.port.out.LoadAuditTrailPort;
import dev.dsar.application.port.out.LoadCleanupRunsPort;
import dev.dsar.application.port.out.LoadRequestPagePort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupRun;
import dev.dsar.domain.CleanupTrigger;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What operators read (admin API): every user's requests a page at a time, one request's audit trail, and the
 * recorded cleanup runs. Read-only; each answer is one statement.
 */
public final class OperatorViewsPostgresAdapter implements LoadRequestPagePort, LoadAuditTrailPort, LoadCleanupRunsPort {

    private static final String TRAIL = "SELECT action, actor, occurred_at, details FROM dsar_audit_events"
            + " WHERE gdpr_reference_id = $1 ORDER BY occurred_at, id LIMIT $2";
    private static final String RUNS = "SELECT * FROM dsar_cleanup_runs ORDER BY started_at DESC, id DESC LIMIT $1";

    private final Pool pool;

    public OperatorViewsPostgresAdapter(Pool pool) {
        this.pool = pool;
    }

    /**
     * The statement is written for the filter at hand rather than one with {@code $n IS NULL OR …} for every
     * case: a prepared statement's generic plan cannot use an index for a condition that may be switched off.
     */
    @Override
    public Future<List<Listed>> newestFirst(RequestFilter filter, Optional<PageKey> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM dsar_requests WHERE true");
        Tuple parameters = Tuple.tuple();
        filter.user().ifPresent(user -> {
            parameters.addLong(user.value());
            sql.append(" AND user_id = $").append(parameters.size());
        });
        filter.status().ifPresent(status -> {
            if (status == DsarStatus.COMPLETED || status == DsarStatus.EXPIRED) {
                // Effective status: a completed export at or past its retention reads as expired, cleanup or not.
                parameters.addOffsetDateTime(DsarRequestRows.at(filter.expiryCutoff()));
                int cutoff = parameters.size();
                sql.append(status == DsarStatus.COMPLETED
                        ? " AND status = 'completed' AND completed_at > $" + cutoff
                        : " AND (status = 'expired' OR (status = 'completed' AND completed_at <= $" + cutoff + "))");
            } else {
                parameters.addString(status.code());
                sql.append(" AND status = $").append(parameters.size());
            }
        });
        after.ifPresent(key -> {
            parameters.addOffsetDateTime(DsarRequestRows.at(key.requestedAt())).addLong(key.id());
            sql.append(" AND (requested_at, id) < ($").append(parameters.size() - 1).append(", $")
                    .append(parameters.size()).append(")");
        });
        parameters.addInteger(limit);
        sql.append(" ORDER BY requested_at DESC, id DESC LIMIT $").append(parameters.size());
        return pool.preparedQuery(sql.toString()).execute(parameters).map(rows -> {
            List<Listed> listed = new ArrayList<>(rows.size());
            DsarRequestRows.RequestColumns columns = null;
            for (Row row : rows) {
                columns = columns == null ? DsarRequestRows.RequestColumns.of(row) : columns;
                listed.add(new Listed(columns.read(row),
                        new PageKey(DsarRequestRows.instant(row, "requested_at"), row.getLong("id"))));
            }
            return listed;
        });
    }

    @Override
    public Future<List<AuditEntry>> trail(ReferenceId reference, int limit) {
        return pool.preparedQuery(TRAIL).execute(Tuple.of(reference.value(), limit)).map(rows -> {
            List<AuditEntry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Object details = row.getValue("details");
                String json = details instanceof JsonObject object ? object.encode() : String.valueOf(details);
                entries.add(new AuditEntry(row.getString("action"), row.getString("actor"),
                        DsarRequestRows.instant(row, "occurred_at"), new JsonText(json)));
            }
            return entries;
        });
    }

    @Override
    public Future<List<CleanupRun>> recent(int limit) {
        return pool.preparedQuery(RUNS).execute(Tuple.of(limit)).map(rows -> {
            List<CleanupRun> runs = new ArrayList<>(rows.size());
            for (Row row : rows) {
                runs.add(run(row));
            }
            return runs;
        });
    }

    private static CleanupRun run(Row row) {
        Long duration = row.getLong("duration_ms");
        CleanupReport report = new CleanupReport(row.getInteger("checked"), row.getInteger("expired_files_deleted"),
                row.getLong("bytes_freed"), row.getInteger("failed_files_deleted"), row.getInteger("orphans_deleted"),
                row.getInteger("stale_requeued"), row.getInteger("stale_failed"), row.getLong("audit_rows_purged"),
                row.getInteger("errors"), row.getBoolean("dry_run"),
                Duration.ofSeconds(row.getLong("retention_seconds")).toDays(), duration == null ? 0 : duration,
                Optional.ofNullable(row.getString("error")));
        return new CleanupRun(row.getString("instance_id"),
                CleanupTrigger.valueOf(row.getString("trigger").toUpperCase(Locale.ROOT)),
                Actor.fromCode(row.getString("actor")), DsarRequestRows.instant(row, "started_at"),
                Optional.ofNullable(DsarRequestRows.instant(row, "finished_at")), row.getBoolean("abandoned"), report);
    }
}
