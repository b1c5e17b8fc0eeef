package dev.dsar.adapters.persistence;

import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupTotals;
import dev.dsar.application.port.out.CleanupLockPort;
import dev.dsar.application.port.out.ExportFileOwnersPort;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort;
import dev.dsar.application.port.out.LoadCleanupTotalsPort;
import dev.dsar.application.port.out.PurgeAuditEventsPort;
import dev.dsar.application.port.out.RecordCleanupRunPort;
import dev.dsar.application.port.out.StoreTransitionBatchPort;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What cleanup needs from the database, each in one statement per batch: pages of candidates in index order,
 * a batch of moves with their audit events, who owns a batch of files, the cleanup lock and the run records.
 *
 * <p>Over 300 lines because most of it is SQL text: one statement per port method, each with the reason for its
 * shape next to it. The statements share the cleanup tables, their columns and the lease comparisons on the
 * database's clock, which is why they stay together.
 */
public final class CleanupPostgresAdapter implements CleanupLockPort, RecordCleanupRunPort, LoadCleanupTotalsPort,
        LoadCleanupCandidatesPort, StoreTransitionBatchPort, ExportFileOwnersPort, PurgeAuditEventsPort {

    static final String LOCK_NAME = "cleanup";

    // ---- the lock -------------------------------------------------------------------------------------------

    /**
     * Takes the lock row if it is absent or its lease has run out, and in the same statement reads who holds it
     * otherwise. The upsert serialises concurrent takers on the row: exactly one of them gets it.
     */
    private static final String ACQUIRE = "WITH taken AS ("
            + " INSERT INTO dsar_cleanup_lock AS l (name, holder, instance_id, acquired_at, expires_at)"
            + " VALUES ('" + LOCK_NAME + "', $1, $2, $3, $4)"
            + " ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, instance_id = EXCLUDED.instance_id,"
            + " acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at"
            + " WHERE l.expires_at <= EXCLUDED.acquired_at RETURNING holder)"
            + " SELECT (SELECT holder FROM taken) AS taken, l.instance_id, l.acquired_at, l.expires_at"
            + " FROM (SELECT 1) AS one LEFT JOIN dsar_cleanup_lock l ON l.name = '" + LOCK_NAME + "'";
    private static final String HOLDER = "SELECT instance_id, acquired_at, expires_at FROM dsar_cleanup_lock"
            + " WHERE name = '" + LOCK_NAME + "'";
    private static final String RENEW = "UPDATE dsar_cleanup_lock SET expires_at = $2"
            + " WHERE name = '" + LOCK_NAME + "' AND holder = $1";
    private static final String RELEASE = "DELETE FROM dsar_cleanup_lock WHERE name = '" + LOCK_NAME + "' AND holder = $1";

    // ---- run records ----------------------------------------------------------------------------------------

    static final String ABANDONED = "abandoned: the cycle ended without closing its record (killed or lost its"
            + " database); closed by the next cycle";
    private static final String RUN_STARTED = "INSERT INTO dsar_cleanup_runs"
            + " (instance_id, trigger, actor, dry_run, retention_seconds, started_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    private static final String RUN_COUNTS = "checked = $2, expired_files_deleted = $3, failed_files_deleted = $4,"
            + " orphans_deleted = $5, stale_requeued = $6, stale_failed = $7, audit_rows_purged = $8, errors = $9,"
            + " bytes_freed = $10, error = $11";
    private static final String RUN_PROGRESSED = "UPDATE dsar_cleanup_runs SET " + RUN_COUNTS
            + ", progressed_at = clock_timestamp() WHERE id = $1";
    private static final String RUN_FINISHED = "UPDATE dsar_cleanup_runs SET " + RUN_COUNTS
            + ", duration_ms = $12, finished_at = $13 WHERE id = $1";
    /**
     * Runs left open by a killed cycle, closed: ended at their last saved progress (so that the runs never overlap),
     * marked abandoned, and counted from the audit trail, which each batch of moves wrote in the same statement as
     * the moves. Expired-file deletions are the audit trail's count (so the totals reconcile with it); failed-export
     * files and bytes at least that (the directory pass deletes partial files and orphans no event records).
     */
    private static final String CLOSE_ABANDONED = "WITH open AS (SELECT id FROM dsar_cleanup_runs"
            + " WHERE finished_at IS NULL AND id <> $1 FOR UPDATE),"
            + " audited AS (SELECT o.id,"
            + " count(e.id) FILTER (WHERE e.details ->> 'reason' = 'retention') AS expired,"
            + " count(e.id) FILTER (WHERE e.details ->> 'reason' = 'failed_export') AS failed,"
            + " coalesce(sum((e.details ->> 'bytes')::bigint), 0) AS bytes"
            + " FROM open o LEFT JOIN dsar_audit_events e ON e.action = 'file_deleted'"
            + " AND e.details ->> 'cleanup_run' = o.id::text AND e.details ->> 'file_was_present' = 'true'"
            + " GROUP BY o.id)"
            + " UPDATE dsar_cleanup_runs r SET abandoned = true,"
            + " finished_at = coalesce(r.progressed_at, r.started_at),"
            + " expired_files_deleted = CASE WHEN r.dry_run THEN r.expired_files_deleted ELSE a.expired END,"
            + " failed_files_deleted = greatest(r.failed_files_deleted, a.failed),"
            + " bytes_freed = greatest(r.bytes_freed, a.bytes), errors = r.errors + 1,"
            + " error = coalesce(r.error, '" + ABANDONED + "')"
            + " FROM audited a WHERE r.id = a.id";
    /** Sums over every real cycle of every instance; the last one by start time. Dry runs changed nothing. */
    private static final String TOTALS = "SELECT t.*, last.started_at AS last_run, last.duration_ms AS last_duration_ms,"
            + " last.error AS last_error FROM (SELECT count(*) AS total_cycles,"
            + " coalesce(sum(expired_files_deleted), 0)::bigint AS expired_files_removed,"
            + " coalesce(sum(failed_files_deleted), 0)::bigint AS failed_files_removed,"
            + " coalesce(sum(orphans_deleted), 0)::bigint AS orphaned_files_removed,"
            + " coalesce(sum(bytes_freed), 0)::bigint AS bytes_freed"
            + " FROM dsar_cleanup_runs WHERE NOT dry_run) t"
            + " LEFT JOIN LATERAL (SELECT started_at, duration_ms, error FROM dsar_cleanup_runs WHERE NOT dry_run"
            + " ORDER BY started_at DESC, id DESC LIMIT 1) last ON true";

    // ---- candidates -----------------------------------------------------------------------------------------

    // First pages and following pages are separate statements: "(a, id) > ($2, $3)" must stay an index condition.
    private static final String EXPIRED_FIRST = "SELECT * FROM dsar_requests WHERE status = 'completed'"
            + " AND completed_at <= $1 ORDER BY completed_at, id LIMIT $2";
    private static final String EXPIRED_AFTER = "SELECT * FROM dsar_requests WHERE status = 'completed'"
            + " AND completed_at <= $1 AND (completed_at, id) > ($3, $4) ORDER BY completed_at, id LIMIT $2";
    private static final String FAILED_FIRST = "SELECT * FROM dsar_requests WHERE status = 'failed'"
            + " AND export_storage_path IS NOT NULL AND failed_at <= $1 ORDER BY failed_at, id LIMIT $2";
    private static final String FAILED_AFTER = "SELECT * FROM dsar_requests WHERE status = 'failed'"
            + " AND export_storage_path IS NOT NULL AND failed_at <= $1 AND (failed_at, id) > ($3, $4)"
            + " ORDER BY failed_at, id LIMIT $2";

    // ---- batched moves --------------------------------------------------------------------------------------

    /**
     * Every move of the batch written over the version it started from, and an audit event for each move that
     * was written: one statement, one round trip, whatever the batch size. The columns a move never changes
     * (owner, reference, who asked and when) are not written, nor the download counters, which receipts add to
     * without a move.
     */
    private static final String STORE_ALL = "WITH input AS (SELECT * FROM unnest("
            + "$1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[],"
            + " $7::timestamptz[], $8::int[], $9::timestamptz[], $10::text[], $11::timestamptz[], $12::text[],"
            + " $13::bigint[], $14::text[], $15::text[], $16::bigint[], $17::text[], $18::text[],"
            + " $19::timestamptz[], $20::text[])"
            + " AS i(ref, expected_version, status, started_at, completed_at, failed_at, file_deleted_at, attempts,"
            + " next_attempt_at, lease_owner, lease_expires_at, export_storage_path, export_bytes_size,"
            + " export_sha256, last_error, version, audit_action, audit_actor, audit_at, audit_details)),"
            + " moved AS (UPDATE dsar_requests r SET status = i.status, started_at = i.started_at,"
            + " completed_at = i.completed_at, failed_at = i.failed_at, file_deleted_at = i.file_deleted_at,"
            + " attempts = i.attempts, next_attempt_at = i.next_attempt_at, lease_owner = i.lease_owner,"
            + " lease_expires_at = i.lease_expires_at, export_storage_path = i.export_storage_path,"
            + " export_bytes_size = i.export_bytes_size, export_sha256 = i.export_sha256,"
            + " last_error = i.last_error, version = i.version"
            + " FROM input i WHERE r.gdpr_reference_id = i.ref AND r.version = i.expected_version"
            + " RETURNING r.gdpr_reference_id, r.user_id),"
            + " audit AS (INSERT INTO dsar_audit_events (gdpr_reference_id, user_id, action, actor, occurred_at, details)"
            + " SELECT m.gdpr_reference_id, m.user_id, i.audit_action, i.audit_actor, i.audit_at, i.audit_details::jsonb"
            + " FROM moved m JOIN input i ON i.ref = m.gdpr_reference_id)"
            + " SELECT gdpr_reference_id FROM moved";

    // ---- files and audit ------------------------------------------------------------------------------------

    /** Per file, in order: does a request store this path, and the request its name's reference belongs to. */
    private static final String OWNERSHIP = "SELECT f.n,"
            + " EXISTS (SELECT 1 FROM dsar_requests k WHERE k.export_storage_path = f.path) AS referenced_by_a_request,"
            + " r.* FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS f(path, ref, n)"
            + " LEFT JOIN dsar_requests r ON r.gdpr_reference_id = f.ref ORDER BY f.n";
    private static final String PURGE_AUDIT = "DELETE FROM dsar_audit_events WHERE id IN"
            + " (SELECT id FROM dsar_audit_events WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2)";
    private static final String COUNT_AUDIT = "SELECT count(*) AS n FROM dsar_audit_events WHERE occurred_at < $1";

    private final Pool pool;

    public CleanupPostgresAdapter(Pool pool) {
        this.pool = pool;
    }

    // ---- CleanupLockPort ------------------------------------------------------------------------------------

    @Override
    public Future<Acquisition> tryAcquire(String holder, String instanceId, Instant now, Duration lease) {
        return tryAcquire(holder, instanceId, now, lease, 2);
    }

    private Future<Acquisition> tryAcquire(String holder, String instanceId, Instant now, Duration lease, int attempts) {
        return pool.preparedQuery(ACQUIRE)
                .execute(Tuple.of(holder, instanceId, DsarRequestRows.at(now), DsarRequestRows.at(now.plus(lease))))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    if (holder.equals(row.getString("taken"))) {
                        return Future.succeededFuture(new Acquisition.Acquired());
                    }
                    if (row.getString("instance_id") != null) {
                        return Future.succeededFuture(heldElsewhere(row));
                    }
                    // Taken by a statement that committed after ours began: its row is not in our snapshot.
                    return pool.preparedQuery(HOLDER).execute().compose(holders -> {
                        if (holders.size() > 0) {
                            return Future.succeededFuture(heldElsewhere(holders.iterator().next()));
                        }
                        // Released in the meantime: try again.
                        return attempts > 1 ? tryAcquire(holder, instanceId, now, lease, attempts - 1)
                                : Future.succeededFuture(new Acquisition.HeldElsewhere("another instance", now, now));
                    });
                });
    }

    private static Acquisition heldElsewhere(Row row) {
        return new Acquisition.HeldElsewhere(row.getString("instance_id"), DsarRequestRows.instant(row, "acquired_at"),
                DsarRequestRows.instant(row, "expires_at"));
    }

    @Override
    public Future<Boolean> renew(String holder, Instant now, Duration lease) {
        return pool.preparedQuery(RENEW).execute(Tuple.of(holder, DsarRequestRows.at(now.plus(lease))))
                .map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<Void> release(String holder) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(holder)).mapEmpty();
    }

    // ---- RecordCleanupRunPort and LoadCleanupTotalsPort -----------------------------------------------------

    @Override
    public Future<Long> started(CleanupRun run) {
        return pool.preparedQuery(RUN_STARTED)
                .execute(Tuple.of(run.instanceId(), run.trigger().code(), run.actor().code(), run.dryRun(),
                        run.retention().toSeconds(), DsarRequestRows.at(run.startedAt())))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    @Override
    public Future<Void> progressed(long runId, CleanupReport soFar) {
        return pool.preparedQuery(RUN_PROGRESSED).execute(counts(runId, soFar)).mapEmpty();
    }

    @Override
    public Future<Void> finished(long runId, CleanupReport report, Instant finishedAt) {
        Tuple parameters = counts(runId, report).addLong(report.durationMs()).addOffsetDateTime(DsarRequestRows.at(finishedAt));
        return pool.preparedQuery(RUN_FINISHED).execute(parameters).mapEmpty();
    }

    @Override
    public Future<Integer> closeAbandoned(long currentRunId) {
        return pool.preparedQuery(CLOSE_ABANDONED).execute(Tuple.of(currentRunId)).map(rows -> rows.rowCount());
    }

    private static Tuple counts(long runId, CleanupReport report) {
        return Tuple.tuple()
                .addLong(runId)
                .addInteger(asInt(report.checked()))
                .addInteger(asInt(report.filesDeleted()))
                .addInteger(asInt(report.failedFilesDeleted()))
                .addInteger(asInt(report.orphansDeleted()))
                .addInteger(asInt(report.staleRequeued()))
                .addInteger(asInt(report.staleFailed()))
                .addLong(report.auditEventsPurged())
                .addInteger(asInt(report.errors()))
                .addLong(report.bytesFreed())
                .addString(report.firstError().orElse(null));
    }

    @Override
    public Future<CleanupTotals> totals() {
        return pool.query(TOTALS).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new CleanupTotals(row.getLong("total_cycles"), row.getLong("expired_files_removed"),
                    row.getLong("failed_files_removed"), row.getLong("orphaned_files_removed"),
                    row.getLong("bytes_freed"), Optional.ofNullable(DsarRequestRows.instant(row, "last_run")),
                    Optional.ofNullable(row.getLong("last_duration_ms")), Optional.ofNullable(row.getString("last_error")));
        });
    }

    // ---- LoadCleanupCandidatesPort --------------------------------------------------------------------------

    @Override
    public Future<Page> expiredExports(Instant cutoff, Optional<PageKey> after, int limit) {
        return page(after.isEmpty() ? EXPIRED_FIRST : EXPIRED_AFTER, "completed_at", cutoff, after, limit);
    }

    @Override
    public Future<Page> failedExportsWithFiles(Instant cutoff, Optional<PageKey> after, int limit) {
        return page(after.isEmpty() ? FAILED_FIRST : FAILED_AFTER, "failed_at", cutoff, after, limit);
    }

    private Future<Page> page(String sql, String keyColumn, Instant cutoff, Optional<PageKey> after, int limit) {
        Tuple parameters = Tuple.of(DsarRequestRows.at(cutoff), limit);
        after.ifPresent(key -> parameters.addOffsetDateTime(DsarRequestRows.at(key.at())).addLong(key.id()));
        return pool.preparedQuery(sql).execute(parameters).map(rows -> {
            List<DsarRequest> requests = new ArrayList<>(rows.size());
            Row last = null;
            DsarRequestRows.RequestColumns columns = null;
            for (Row row : rows) {
                columns = columns == null ? DsarRequestRows.RequestColumns.of(row) : columns;
                requests.add(columns.read(row));
                last = row;
            }
            return new Page(requests, last == null ? Optional.empty()
                    : Optional.of(new PageKey(DsarRequestRows.instant(last, keyColumn), last.getLong("id"))));
        });
    }

    // ---- StoreTransitionBatchPort ---------------------------------------------------------------------------

    @Override
    public Future<Set<ReferenceId>> storeAll(List<Move> moves) {
        if (moves.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        int n = moves.size();
        String[] refs = new String[n];
        Long[] expectedVersions = new Long[n];
        String[] statuses = new String[n];
        OffsetDateTime[] startedAt = new OffsetDateTime[n];
        OffsetDateTime[] completedAt = new OffsetDateTime[n];
        OffsetDateTime[] failedAt = new OffsetDateTime[n];
        OffsetDateTime[] fileDeletedAt = new OffsetDateTime[n];
        Integer[] attempts = new Integer[n];
        OffsetDateTime[] nextAttemptAt = new OffsetDateTime[n];
        String[] leaseOwners = new String[n];
        OffsetDateTime[] leaseExpiresAt = new OffsetDateTime[n];
        String[] paths = new String[n];
        Long[] bytes = new Long[n];
        String[] sha256 = new String[n];
        String[] lastErrors = new String[n];
        Long[] versions = new Long[n];
        String[] actions = new String[n];
        String[] actors = new String[n];
        OffsetDateTime[] auditAt = new OffsetDateTime[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            DsarRequest moved = moves.get(i).moved();
            AuditEvent event = moves.get(i).event();
            refs[i] = moved.reference().value();
            expectedVersions[i] = moved.version() - 1;
            statuses[i] = moved.status().code();
            startedAt[i] = DsarRequestRows.at(moved.startedAt());
            completedAt[i] = DsarRequestRows.at(moved.completedAt());
            failedAt[i] = DsarRequestRows.at(moved.failedAt());
            fileDeletedAt[i] = DsarRequestRows.at(moved.fileDeletedAt());
            attempts[i] = moved.attempts();
            nextAttemptAt[i] = DsarRequestRows.at(moved.nextAttemptAt());
            leaseOwners[i] = moved.lease() == null ? null : moved.lease().owner();
            leaseExpiresAt[i] = moved.lease() == null ? null : DsarRequestRows.at(moved.lease().expiresAt());
            paths[i] = moved.storagePath();
            bytes[i] = moved.exportBytes();
            sha256[i] = moved.exportSha256();
            lastErrors[i] = moved.lastError();
            versions[i] = moved.version();
            actions[i] = event.action().code();
            actors[i] = event.actor().code();
            auditAt[i] = DsarRequestRows.at(event.at());
            details[i] = new JsonObject(new HashMap<>(event.details())).encode();
        }
        Tuple parameters = Tuple.tuple().addArrayOfString(refs).addArrayOfLong(expectedVersions)
                .addArrayOfString(statuses).addArrayOfOffsetDateTime(startedAt).addArrayOfOffsetDateTime(completedAt)
                .addArrayOfOffsetDateTime(failedAt).addArrayOfOffsetDateTime(fileDeletedAt)
                .addArrayOfInteger(attempts).addArrayOfOffsetDateTime(nextAttemptAt).addArrayOfString(leaseOwners)
                .addArrayOfOffsetDateTime(leaseExpiresAt).addArrayOfString(paths).addArrayOfLong(bytes)
                .addArrayOfString(sha256).addArrayOfString(lastErrors).addArrayOfLong(versions).addArrayOfString(actions)
                .addArrayOfString(actors).addArrayOfOffsetDateTime(auditAt).addArrayOfString(details);
        return pool.preparedQuery(STORE_ALL).execute(parameters).map(rows -> {
            Set<ReferenceId> stored = new HashSet<>(rows.size() * 2);
            for (Row row : rows) {
                stored.add(new ReferenceId(row.getString("gdpr_reference_id")));
            }
            return stored;
        });
    }

    // ---- ExportFileOwnersPort -------------------------------------------------------------------------------

    @Override
    public Future<List<Ownership>> ownership(List<StoredExportFile> files) {
        if (files.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        String[] paths = new String[files.size()];
        String[] refs = new String[files.size()];
        for (int i = 0; i < files.size(); i++) {
            paths[i] = files.get(i).storagePath();
            refs[i] = files.get(i).name().reference().value();
        }
        return pool.preparedQuery(OWNERSHIP).execute(Tuple.tuple().addArrayOfString(paths).addArrayOfString(refs)).map(rows -> {
            List<Ownership> answers = new ArrayList<>(files.size());
            DsarRequestRows.RequestColumns columns = null;
            for (Row row : rows) {
                columns = columns == null ? DsarRequestRows.RequestColumns.of(row) : columns;
                Optional<DsarRequest> owner = row.getValue("gdpr_reference_id") == null
                        ? Optional.empty() : Optional.of(columns.read(row));
                answers.add(new Ownership(row.getBoolean("referenced_by_a_request"), owner));
            }
            return answers;
        });
    }

    // ---- PurgeAuditEventsPort -------------------------------------------------------------------------------

    @Override
    public Future<Long> purgeBefore(Instant cutoff, int limit) {
        return pool.preparedQuery(PURGE_AUDIT).execute(Tuple.of(DsarRequestRows.at(cutoff), limit))
                .map(rows -> (long) rows.rowCount());
    }

    @Override
    public Future<Long> countBefore(Instant cutoff) {
        return pool.preparedQuery(COUNT_AUDIT).execute(Tuple.of(DsarRequestRows.at(cutoff)))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static int asInt(long count) {
        return (int) Math.min(Integer.MAX_VALUE, count);
    }
}
