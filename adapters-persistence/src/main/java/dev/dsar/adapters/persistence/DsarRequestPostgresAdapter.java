package dev.dsar.adapters.persistence;

import dev.dsar.application.port.out.ClaimExportPort;
import dev.dsar.application.port.out.InsertRequestPort;
import dev.dsar.application.port.out.LoadAbandonedExportsPort;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.RenewLeasePort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.Transition;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code dsar_requests} table and the audit events written with each change. */
public final class DsarRequestPostgresAdapter
        implements InsertRequestPort, LoadRequestPort, StoreTransitionPort, ClaimExportPort, LoadAbandonedExportsPort,
        RenewLeasePort, SharedClockPort {

    /** Listened to by export workers on every instance: a request was inserted. */
    public static final String EXPORT_REQUESTED_CHANNEL = "dsar_export_requested";
    /** A user's list shows at most this many requests (newest first). */
    static final int LIST_LIMIT = 100;

    private final SqlTemplate<Map<String, Object>, RowSet<DsarRequest>> insert;
    private final SqlTemplate<Map<String, Object>, RowSet<Row>> findConflict;
    private final ReferenceLookups findByReference;
    private final SqlTemplate<Map<String, Object>, RowSet<DsarRequest>> listByUser;
    private final SqlTemplate<Map<String, Object>, RowSet<Row>> store;
    private final SqlTemplate<Map<String, Object>, RowSet<DsarRequest>> findAbandoned;
    private final SqlTemplate<Map<String, Object>, SqlResult<Void>> renew;
    private final Pool pool;

    /** A move and its audit event in one statement, written only over the version the move started from. */
    private static final String STORE = "WITH moved AS (UPDATE dsar_requests SET (" + DsarRequestRows.MOVE_COLUMNS
            + ") = (" + DsarRequestRows.MOVE_VALUES + ") WHERE gdpr_reference_id = #{gdpr_reference_id}"
            + " AND version = #{expected_version} RETURNING 1),"
            + " audit AS (" + DsarRequestRows.insertAuditFrom("moved") + ")"
            + " SELECT count(*) AS moved FROM moved";
    /** A lease renewal: the same version check as {@link #STORE}, no audit event. */
    private static final String RENEW = "UPDATE dsar_requests SET (" + DsarRequestRows.MOVE_COLUMNS + ") = ("
            + DsarRequestRows.MOVE_VALUES + ") WHERE gdpr_reference_id = #{gdpr_reference_id}"
            + " AND version = #{expected_version}";
    /** The database's present: clock_timestamp(), not now(), which inside a transaction is its start. */
    private static final String SHARED_NOW = "SELECT clock_timestamp() AS now";
    private static final String NEXT_DUE = "SELECT * FROM dsar_requests WHERE status = 'pending'"
            + " AND (next_attempt_at IS NULL OR next_attempt_at <= #{now})"
            + " ORDER BY requested_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";

    public DsarRequestPostgresAdapter(Pool pool) {
        this.pool = pool;
        // One statement inserts the request, its audit event and the worker wake-up: atomic, one round trip.
        insert = SqlTemplate.forQuery(pool, "WITH inserted AS ("
                        + " INSERT INTO dsar_requests (" + DsarRequestRows.COLUMNS + ") VALUES (" + DsarRequestRows.VALUES + ")"
                        + " ON CONFLICT DO NOTHING RETURNING *),"
                        + " audit AS (" + DsarRequestRows.insertAuditFrom("inserted") + ")"
                        + " SELECT inserted.* FROM inserted,"
                        + " LATERAL (SELECT pg_notify('" + EXPORT_REQUESTED_CHANNEL + "', inserted.gdpr_reference_id)) woken")
                .mapTo(DsarRequestRows.REQUEST);
        findConflict = SqlTemplate.forQuery(pool, "SELECT gdpr_reference_id,"
                + " (user_id = #{user_id} AND status IN ('pending', 'processing')) AS active"
                + " FROM dsar_requests WHERE gdpr_reference_id = #{gdpr_reference_id}"
                + " OR (user_id = #{user_id} AND status IN ('pending', 'processing'))");
        var byReferences = pool.preparedQuery("SELECT * FROM dsar_requests WHERE gdpr_reference_id = ANY($1)")
                .mapping(DsarRequestRows.REQUEST::map);
        findByReference = new ReferenceLookups(references -> byReferences
                .execute(Tuple.of(references.toArray(String[]::new))).map(rows -> {
                    List<DsarRequest> found = new ArrayList<>(rows.size());
                    rows.forEach(found::add);
                    return found;
                }));
        listByUser = SqlTemplate.forQuery(pool, "SELECT * FROM dsar_requests WHERE user_id = #{user_id}"
                        + " ORDER BY requested_at DESC, id DESC LIMIT " + LIST_LIMIT)
                .mapTo(DsarRequestRows.REQUEST);
        store = SqlTemplate.forQuery(pool, STORE);
        findAbandoned = SqlTemplate.forQuery(pool, "SELECT * FROM dsar_requests WHERE status = 'processing'"
                        + " AND lease_expires_at <= #{now} ORDER BY lease_expires_at, id LIMIT #{limit}")
                .mapTo(DsarRequestRows.REQUEST);
        renew = SqlTemplate.forUpdate(pool, RENEW);
    }

    @Override
    public Future<InsertOutcome> insert(DsarRequest request, AuditEvent requested) {
        return insert(request, requested, true);
    }

    private Future<InsertOutcome> insert(DsarRequest request, AuditEvent requested, boolean retryOnVanishedConflict) {
        Map<String, Object> parameters = DsarRequestRows.withAudit(DsarRequestRows.parameters(request), requested);
        return insert.execute(parameters).compose(rows -> {
            if (rows.size() == 1) {
                return Future.succeededFuture(new InsertOutcome.Inserted(rows.iterator().next()));
            }
            return findConflict.execute(parameters).compose(conflicts -> {
                Optional<InsertOutcome> explained = explainConflict(request, conflicts);
                if (explained.isPresent() || !retryOnVanishedConflict) {
                    return Future.succeededFuture(explained.orElse(new InsertOutcome.ReferenceTaken(request.reference())));
                }
                // The conflicting row changed in between (an export finished): the insert may go through now.
                return insert(request, requested, false);
            });
        });
    }

    /** The user's active request wins over a taken reference: it is what the caller should look at. */
    private static Optional<InsertOutcome> explainConflict(DsarRequest request, RowSet<Row> conflicts) {
        boolean referenceTaken = false;
        for (Row row : conflicts) {
            if (row.getBoolean("active")) {
                return Optional.of(new InsertOutcome.ActiveRequestExists(new ReferenceId(row.getString("gdpr_reference_id"))));
            }
            referenceTaken |= request.reference().value().equals(row.getString("gdpr_reference_id"));
        }
        return referenceTaken ? Optional.of(new InsertOutcome.ReferenceTaken(request.reference())) : Optional.empty();
    }

    @Override
    public Future<Optional<DsarRequest>> findByReference(ReferenceId reference) {
        return findByReference.find(reference);
    }

    @Override
    public Future<List<DsarRequest>> listByUser(UserId user) {
        return listByUser.execute(Map.of("user_id", user.value())).map(rows -> {
            List<DsarRequest> requests = new ArrayList<>(rows.size());
            rows.forEach(requests::add);
            return requests;
        });
    }

    @Override
    public Future<Boolean> store(DsarRequest moved, AuditEvent event) {
        return store.execute(storeParameters(moved, event)).map(DsarRequestPostgresAdapter::wasMoved);
    }

    @Override
    public Future<Optional<DsarRequest>> claimNext(String worker, Instant now, Duration lease) {
        return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, NEXT_DUE)
                .mapTo(DsarRequestRows.REQUEST)
                .execute(Map.of("now", DsarRequestRows.at(now)))
                .compose(due -> {
                    if (due.size() == 0) {
                        return Future.succeededFuture(Optional.<DsarRequest>empty());
                    }
                    Transition claim = due.iterator().next().claim(worker, now, lease);
                    if (!(claim instanceof Transition.Moved moved)) {
                        return Future.succeededFuture(Optional.<DsarRequest>empty());
                    }
                    AuditEvent started = AuditEvent.of(moved.request(), AuditAction.EXPORT_STARTED,
                            Actor.system(worker), now, Map.of("attempt", moved.request().attempts()));
                    return SqlTemplate.forQuery(connection, STORE).execute(storeParameters(moved.request(), started))
                            .map(rows -> wasMoved(rows) ? Optional.of(moved.request()) : Optional.<DsarRequest>empty());
                }));
    }

    @Override
    public Future<List<DsarRequest>> findAbandoned(Instant now, int limit) {
        return findAbandoned.execute(Map.of("now", DsarRequestRows.at(now), "limit", limit)).map(rows -> {
            List<DsarRequest> requests = new ArrayList<>(rows.size());
            rows.forEach(requests::add);
            return requests;
        });
    }

    @Override
    public Future<Boolean> renew(DsarRequest renewed) {
        Map<String, Object> parameters = DsarRequestRows.parameters(renewed);
        parameters.put("expected_version", renewed.version() - 1);
        return renew.execute(parameters).map(result -> result.rowCount() == 1);
    }

    @Override
    public Future<Instant> now() {
        return pool.query(SHARED_NOW).execute().map(rows -> DsarRequestRows.instant(rows.iterator().next(), "now"));
    }

    private static Map<String, Object> storeParameters(DsarRequest moved, AuditEvent event) {
        Map<String, Object> parameters = DsarRequestRows.withAudit(DsarRequestRows.parameters(moved), event);
        parameters.put("expected_version", moved.version() - 1);
        return parameters;
    }

    private static boolean wasMoved(RowSet<Row> rows) {
        return rows.iterator().next().getLong("moved") == 1L;
    }
}
