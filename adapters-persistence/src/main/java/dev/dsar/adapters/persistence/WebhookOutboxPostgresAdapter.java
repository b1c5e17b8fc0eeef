package dev.dsar.adapters.persistence;

import dev.dsar.application.port.out.ClaimWebhookEventsPort;
import dev.dsar.application.port.out.PurgeWebhookEventsPort;
import dev.dsar.application.port.out.RecordWebhookDeliveryPort;
import dev.dsar.application.port.out.ScheduleWebhookNoticesPort;
import dev.dsar.application.port.out.WebhookEventsPort;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import dev.dsar.domain.WebhookEvent;
import dev.dsar.domain.WebhookEventType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The webhook outbox ({@code dsar_webhook_events}, migration V4): events are written by a trigger in the
 * transaction that moves a request, and by {@link #scheduleNotices}; dispatchers claim them with
 * {@code FOR UPDATE SKIP LOCKED} under a lease on the database's clock, so that several instances share the work
 * and an instance killed mid-delivery leaves events that another takes over when the lease runs out.
 */
public final class WebhookOutboxPostgresAdapter implements ClaimWebhookEventsPort, RecordWebhookDeliveryPort,
        ScheduleWebhookNoticesPort, WebhookEventsPort, PurgeWebhookEventsPort {

    private static final String CLAIM = "WITH due AS (SELECT e.id FROM dsar_webhook_events e"
            + " WHERE e.state = 'pending' AND e.next_attempt_at <= $2"
            + " AND (e.lease_expires_at IS NULL OR e.lease_expires_at <= clock_timestamp())"
            + " AND NOT EXISTS (SELECT 1 FROM dsar_webhook_events earlier WHERE earlier.state = 'pending'"
            + " AND earlier.gdpr_reference_id = e.gdpr_reference_id AND earlier.id < e.id)"
            + " ORDER BY e.next_attempt_at, e.id LIMIT $4 FOR UPDATE SKIP LOCKED)"
            + " UPDATE dsar_webhook_events e SET lease_owner = $1,"
            + " lease_expires_at = clock_timestamp() + make_interval(secs => $3)"
            + " FROM due WHERE e.id = due.id RETURNING e.*";
    /** Only while the lease is held: a dispatcher that lost it (paused past it) writes nothing. */
    private static final String HELD = " WHERE id = $1 AND lease_owner = $2 AND state = 'pending'";
    private static final String DELIVERED = "UPDATE dsar_webhook_events SET state = 'delivered', attempts = attempts + 1,"
            + " delivered_to = $3, delivered_at = $4, last_http_status = NULL, last_error = NULL,"
            + " lease_owner = NULL, lease_expires_at = NULL" + HELD;
    private static final String RETRY = "UPDATE dsar_webhook_events SET attempts = attempts + 1, delivered_to = $3,"
            + " next_attempt_at = $4, last_http_status = $5, last_error = $6,"
            + " lease_owner = NULL, lease_expires_at = NULL" + HELD;
    private static final String DEAD = "UPDATE dsar_webhook_events SET state = 'dead', attempts = attempts + 1,"
            + " delivered_to = $3, dead_at = $4, last_http_status = $5, last_error = $6,"
            + " lease_owner = NULL, lease_expires_at = NULL" + HELD;
    private static final String NOTICES = "WITH expiring AS ("
            + " INSERT INTO dsar_webhook_events (event_type, gdpr_reference_id, user_id, occurred_at, next_attempt_at, retry_from)"
            + " SELECT 'export.expiring', gdpr_reference_id, user_id, $1::timestamptz, $1::timestamptz, $1::timestamptz FROM dsar_requests"
            + " WHERE status = 'completed' AND completed_at > $2::timestamptz AND completed_at <= $3::timestamptz"
            + " ON CONFLICT DO NOTHING RETURNING 1),"
            + " overdue AS ("
            + " INSERT INTO dsar_webhook_events (event_type, gdpr_reference_id, user_id, occurred_at, next_attempt_at, retry_from)"
            + " SELECT 'request.overdue', gdpr_reference_id, user_id, $1::timestamptz, $1::timestamptz, $1::timestamptz FROM dsar_requests"
            + " WHERE requested_at > $4::timestamptz AND requested_at <= $5::timestamptz"
            + " AND (status IN ('pending', 'processing', 'failed') OR completed_at > requested_at + ($1::timestamptz - $5::timestamptz))"
            + " ON CONFLICT DO NOTHING RETURNING 1)"
            + " SELECT (SELECT count(*) FROM expiring) + (SELECT count(*) FROM overdue) AS written";
    private static final String LIST = "SELECT * FROM dsar_webhook_events WHERE state = $1 ORDER BY id DESC LIMIT $2";
    private static final String RESEND = "UPDATE dsar_webhook_events SET state = 'pending', next_attempt_at = $2,"
            + " retry_from = $2, dead_at = NULL WHERE id = $1 AND state = 'dead'";
    private static final String PURGE = "DELETE FROM dsar_webhook_events WHERE occurred_at < $1"
            + " AND (lease_expires_at IS NULL OR lease_expires_at <= clock_timestamp())";

    private final Pool pool;

    public WebhookOutboxPostgresAdapter(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<List<WebhookEvent>> claimDue(String dispatcher, Instant now, Duration lease, int limit) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(dispatcher, DsarRequestRows.at(now), lease.toMillis() / 1000.0, limit))
                .map(WebhookOutboxPostgresAdapter::events);
    }

    @Override
    public Future<Boolean> delivered(WebhookEvent event, String dispatcher, Set<String> deliveredTo, Instant at) {
        return update(DELIVERED, Tuple.of(event.id(), dispatcher, endpoints(deliveredTo), DsarRequestRows.at(at)));
    }

    @Override
    public Future<Boolean> retryAt(WebhookEvent event, String dispatcher, Attempt attempt, Instant nextAttemptAt) {
        return update(RETRY, Tuple.of(event.id(), dispatcher, endpoints(attempt.deliveredTo()),
                DsarRequestRows.at(nextAttemptAt), attempt.httpStatus(), trim(attempt.error())));
    }

    @Override
    public Future<Boolean> dead(WebhookEvent event, String dispatcher, Attempt attempt, Instant at) {
        return update(DEAD, Tuple.of(event.id(), dispatcher, endpoints(attempt.deliveredTo()),
                DsarRequestRows.at(at), attempt.httpStatus(), trim(attempt.error())));
    }

    @Override
    public Future<Integer> scheduleNotices(Notices notices) {
        return pool.preparedQuery(NOTICES).execute(Tuple.of(DsarRequestRows.at(notices.now()),
                        DsarRequestRows.at(notices.expiringFrom()), DsarRequestRows.at(notices.expiringUntil()),
                        DsarRequestRows.at(notices.overdueFrom()), DsarRequestRows.at(notices.overdueUntil())))
                .map(rows -> rows.iterator().next().getLong("written").intValue());
    }

    @Override
    public Future<List<WebhookEvent>> list(WebhookEvent.State state, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(state.code(), limit)).map(WebhookOutboxPostgresAdapter::events);
    }

    @Override
    public Future<Boolean> resendDead(long id, Instant now) {
        return update(RESEND, Tuple.of(id, DsarRequestRows.at(now)));
    }

    @Override
    public Future<Integer> purgeBefore(Instant cutoff) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(DsarRequestRows.at(cutoff))).map(RowSet::rowCount);
    }

    private Future<Boolean> update(String sql, Tuple parameters) {
        return pool.preparedQuery(sql).execute(parameters).map(rows -> rows.rowCount() == 1);
    }

    private static String[] endpoints(Set<String> deliveredTo) {
        return deliveredTo.stream().sorted().toArray(String[]::new);
    }

    private static String trim(String error) {
        return error == null || error.length() <= 200 ? error : error.substring(0, 200);
    }

    private static List<WebhookEvent> events(RowSet<Row> rows) {
        List<WebhookEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String type = row.getString("event_type");
            String state = row.getString("state");
            String[] deliveredTo = row.getArrayOfStrings("delivered_to");
            events.add(new WebhookEvent(row.getLong("id"), row.getString("webhook_id"),
                    WebhookEventType.fromCode(type).orElseThrow(() -> new IllegalStateException("unknown event " + type)),
                    new ReferenceId(row.getString("gdpr_reference_id")), new UserId(row.getLong("user_id")),
                    DsarRequestRows.instant(row, "occurred_at"),
                    WebhookEvent.State.fromCode(state).orElseThrow(() -> new IllegalStateException("unknown state " + state)),
                    row.getInteger("attempts"), DsarRequestRows.instant(row, "next_attempt_at"),
                    DsarRequestRows.instant(row, "retry_from"),
                    deliveredTo == null ? Set.of() : Set.copyOf(Arrays.asList(deliveredTo)),
                    row.getInteger("last_http_status"), row.getString("last_error")));
        }
        return events;
    }
}
