package dev.dsar.adapters.persistence;

import dev.dsar.application.port.out.DownloadReceiptPort;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.Downloads;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Download receipts, tallied in memory per export ({@link Downloads}) and written in one statement per flush: the
 * download path only adds to a tally. Each flush adds to {@code download_count}, advances
 * {@code last_downloaded_at} and stores each tally's audit event, which the domain builds. A failed flush keeps
 * its tallies for the next one.
 */
public final class DownloadReceiptPostgresAdapter implements DownloadReceiptPort {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadReceiptPostgresAdapter.class);

    static final String FLUSH = "WITH receipt AS ("
            + " SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::timestamptz[],"
            + " $5::text[], $6::text[], $7::timestamptz[], $8::text[])"
            + " AS r(reference, user_id, downloads, last_at, action, actor, occurred_at, details)),"
            + " counted AS (UPDATE dsar_requests AS d SET download_count = d.download_count + receipt.downloads,"
            + "  last_downloaded_at = GREATEST(d.last_downloaded_at, receipt.last_at)"
            + "  FROM receipt WHERE d.gdpr_reference_id = receipt.reference RETURNING 1)"
            + " INSERT INTO dsar_audit_events (gdpr_reference_id, user_id, action, actor, occurred_at, details)"
            + " SELECT reference, user_id, action, actor, occurred_at, details::jsonb FROM receipt";

    private final Vertx vertx;
    private final Pool pool;
    private Map<ReferenceId, Downloads> tallies = new HashMap<>();
    private long timer = -1;

    public DownloadReceiptPostgresAdapter(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    @Override
    public void record(ReferenceId reference, UserId owner, Instant at) {
        synchronized (this) {
            tallies.merge(reference, Downloads.one(reference, owner, at), Downloads::plus);
        }
    }

    /** Flushes every {@code period} until {@link #stop()}. */
    public synchronized void start(Duration period) {
        if (timer < 0) {
            timer = vertx.setPeriodic(period.toMillis(), id -> flush());
        }
    }

    /** Stops the timer and writes what is left. */
    public Future<Void> stop() {
        synchronized (this) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
        return flush();
    }

    /** Writes the receipts tallied so far. */
    public Future<Void> flush() {
        Map<ReferenceId, Downloads> batch;
        synchronized (this) {
            if (tallies.isEmpty()) {
                return Future.succeededFuture();
            }
            batch = tallies;
            tallies = new HashMap<>();
        }
        int size = batch.size();
        String[] references = new String[size];
        Long[] users = new Long[size];
        Long[] downloads = new Long[size];
        OffsetDateTime[] lasts = new OffsetDateTime[size];
        String[] actions = new String[size];
        String[] actors = new String[size];
        OffsetDateTime[] occurred = new OffsetDateTime[size];
        String[] details = new String[size];
        int i = 0;
        for (Downloads tally : batch.values()) {
            AuditEvent event = tally.auditEvent();
            references[i] = tally.reference().value();
            users[i] = tally.owner().value();
            downloads[i] = tally.count();
            lasts[i] = DsarRequestRows.at(tally.last());
            actions[i] = event.action().code();
            actors[i] = event.actor().code();
            occurred[i] = DsarRequestRows.at(event.at());
            details[i] = new JsonObject(new HashMap<>(event.details())).encode();
            i++;
        }
        return pool.preparedQuery(FLUSH)
                .execute(Tuple.of(references, users, downloads, lasts, actions, actors, occurred, details))
                .<Void>mapEmpty()
                .onFailure(failure -> {
                    LOG.warn("download receipts for {} exports not written yet, retrying at the next flush: {}",
                            size, failure.getMessage());
                    synchronized (this) {
                        batch.forEach((reference, tally) -> tallies.merge(reference, tally, Downloads::plus));
                    }
                });
    }
}
