package dev.dsar.adapters.persistence;

import dev.dsar.application.port.out.DownloadReceiptPort;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * Download receipts, tallied in memory per export and written in one statement per flush: the download
 * path only increments a counter. Each flush adds to {@code download_count}, advances
 * {@code last_downloaded_at} and appends one {@code downloaded} audit event per export with the number of
 * downloads and the first and last time in that period. A failed flush keeps its tallies for the next one.
 */
public final class DownloadReceiptPostgresAdapter implements DownloadReceiptPort {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadReceiptPostgresAdapter.class);

    static final String FLUSH = "WITH receipt AS ("
            + " SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::timestamptz[], $5::timestamptz[])"
            + " AS r(reference, user_id, downloads, first_at, last_at)),"
            + " counted AS (UPDATE dsar_requests AS d SET download_count = d.download_count + receipt.downloads,"
            + "  last_downloaded_at = GREATEST(d.last_downloaded_at, receipt.last_at)"
            + "  FROM receipt WHERE d.gdpr_reference_id = receipt.reference RETURNING 1)"
            + " INSERT INTO dsar_audit_events (gdpr_reference_id, user_id, action, actor, occurred_at, details)"
            + " SELECT reference, user_id, 'downloaded', 'subject:' || user_id, last_at,"
            + "  jsonb_build_object('downloads', downloads, 'first_at', first_at, 'last_at', last_at) FROM receipt";

    private final Vertx vertx;
    private final Pool pool;
    private Map<ReferenceId, Tally> tallies = new HashMap<>();
    private long timer = -1;

    private record Tally(UserId owner, long downloads, Instant first, Instant last) {
        Tally plus(Tally other) {
            return new Tally(owner, downloads + other.downloads,
                    first.isBefore(other.first) ? first : other.first, last.isAfter(other.last) ? last : other.last);
        }
    }

    public DownloadReceiptPostgresAdapter(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    @Override
    public void record(ReferenceId reference, UserId owner, Instant at) {
        synchronized (this) {
            tallies.merge(reference, new Tally(owner, 1, at, at), Tally::plus);
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
        Map<ReferenceId, Tally> batch;
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
        OffsetDateTime[] firsts = new OffsetDateTime[size];
        OffsetDateTime[] lasts = new OffsetDateTime[size];
        int i = 0;
        for (Map.Entry<ReferenceId, Tally> entry : batch.entrySet()) {
            Tally tally = entry.getValue();
            references[i] = entry.getKey().value();
            users[i] = tally.owner().value();
            downloads[i] = tally.downloads();
            firsts[i] = DsarRequestRows.at(tally.first());
            lasts[i] = DsarRequestRows.at(tally.last());
            i++;
        }
        return pool.preparedQuery(FLUSH).execute(Tuple.of(references, users, downloads, firsts, lasts))
                .<Void>mapEmpty()
                .onFailure(failure -> {
                    LOG.warn("download receipts for {} exports not written yet, retrying at the next flush: {}",
                            size, failure.getMessage());
                    synchronized (this) {
                        batch.forEach((reference, tally) -> tallies.merge(reference, tally, Tally::plus));
                    }
                });
    }
}
