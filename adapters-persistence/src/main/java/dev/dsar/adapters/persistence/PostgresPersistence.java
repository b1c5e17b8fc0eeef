package dev.dsar.adapters.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import dev.dsar.domain.DatabaseUnavailable.Database;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The service database: the connection pools and the adapters that use them. The rest of the service never sees
 * a pool, only the ports these adapters implement.
 *
 * <p>Cleanup cycles have a small pool of their own. A pool opens each connection on the event loop of the
 * context that first asks for one and keeps it there; the cycles' connections, asked for only from the cycles'
 * context, stay off the event loops that serve downloads, so that encoding a batch of a thousand moves or
 * decoding a page of a thousand requests never delays a download.
 */
public final class PostgresPersistence {

    /** A cycle has at most one page read, two batches written and a checkpoint in flight. */
    static final int CLEANUP_CYCLE_POOL_SIZE = 4;

    private final Pool pool;
    private final DatabaseAvailability availability;
    private final Pool cleanupCyclePool;
    private final DsarRequestPostgresAdapter requests;
    private final DownloadReceiptPostgresAdapter receipts;
    private final CleanupPostgresAdapter cleanup;
    private final CleanupPostgresAdapter cleanupCycles;
    private final DsarRequestPostgresAdapter cleanupCycleRequests;
    private final OperatorViewsPostgresAdapter operatorViews;

    private PostgresPersistence(Vertx vertx, AvailabilityTrackingPool pool, Pool cleanupCyclePool) {
        this.pool = pool;
        this.availability = pool.availability();
        this.cleanupCyclePool = cleanupCyclePool;
        this.requests = new DsarRequestPostgresAdapter(pool);
        this.receipts = new DownloadReceiptPostgresAdapter(vertx, pool);
        this.cleanup = new CleanupPostgresAdapter(pool);
        this.cleanupCycles = new CleanupPostgresAdapter(cleanupCyclePool);
        this.cleanupCycleRequests = new DsarRequestPostgresAdapter(cleanupCyclePool);
        this.operatorViews = new OperatorViewsPostgresAdapter(pool);
    }

    /** Opens the pools lazily: no connection is made until the first query. */
    public static PostgresPersistence connect(Vertx vertx, PostgresLocation database, int poolSize) {
        // Both pools reach the same database: one tracker, one WARN per outage.
        DatabaseAvailability availability = PostgresPools.availability(Database.SERVICE, database);
        return new PostgresPersistence(vertx, pool(vertx, database, poolSize, "dsar-service", availability),
                pool(vertx, database, CLEANUP_CYCLE_POOL_SIZE, "dsar-cleanup-cycles", availability));
    }

    private static AvailabilityTrackingPool pool(Vertx vertx, PostgresLocation database, int size, String name,
                                                 DatabaseAvailability availability) {
        return PostgresPools.build(vertx, database.connectOptions().setCachePreparedStatements(true)
                        .setPipeliningLimit(256).setMetricsName(name),
                new PoolOptions().setMaxSize(size).setName(name).setShared(false), availability);
    }

    /** Whether the service database answered at the last contact (for the {@code dsar_database_up} gauge). */
    public DatabaseAvailability availability() {
        return availability;
    }

    public DsarRequestPostgresAdapter requests() {
        return requests;
    }

    public DownloadReceiptPostgresAdapter receipts() {
        return receipts;
    }

    /** Cleanup's statistics and everything else that is not a cycle. */
    public CleanupPostgresAdapter cleanup() {
        return cleanup;
    }

    /** For cleanup cycles only, called from the cycles' own context (see the class comment). */
    public CleanupPostgresAdapter cleanupCycles() {
        return cleanupCycles;
    }

    /**
     * Requests as cleanup cycles read and move them (stuck exports), on the cycles' pool: a connection of the
     * main pool opened from the cycles' context would live on their event loop, and downloads could borrow it.
     */
    public DsarRequestPostgresAdapter cleanupCycleRequests() {
        return cleanupCycleRequests;
    }

    /** What the admin API reads: pages of requests, audit trails, cleanup runs. */
    public OperatorViewsPostgresAdapter operatorViews() {
        return operatorViews;
    }

    /** Succeeds when the database answers a trivial query. */
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    /** Writes pending download receipts, then closes the pools. */
    public Future<Void> close() {
        return receipts.stop().recover(unwritten -> Future.succeededFuture())
                .compose(flushed -> Future.join(pool.close(), cleanupCyclePool.close()).mapEmpty());
    }
}
