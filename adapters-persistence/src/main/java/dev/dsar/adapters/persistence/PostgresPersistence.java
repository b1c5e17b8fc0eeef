package dev.dsar.adapters.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
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
    private final Pool cleanupCyclePool;
    private final DsarRequestPostgresAdapter requests;
    private final DownloadReceiptPostgresAdapter receipts;
    private final CleanupPostgresAdapter cleanup;
    private final CleanupPostgresAdapter cleanupCycles;
    private final DsarRequestPostgresAdapter cleanupCycleRequests;

    private PostgresPersistence(Vertx vertx, Pool pool, Pool cleanupCyclePool) {
        this.pool = pool;
        this.cleanupCyclePool = cleanupCyclePool;
        this.requests = new DsarRequestPostgresAdapter(pool);
        this.receipts = new DownloadReceiptPostgresAdapter(vertx, pool);
        this.cleanup = new CleanupPostgresAdapter(pool);
        this.cleanupCycles = new CleanupPostgresAdapter(cleanupCyclePool);
        this.cleanupCycleRequests = new DsarRequestPostgresAdapter(cleanupCyclePool);
    }

    /** Opens the pools lazily: no connection is made until the first query. */
    public static PostgresPersistence connect(Vertx vertx, PostgresLocation database, int poolSize) {
        return new PostgresPersistence(vertx, pool(vertx, database, poolSize, "dsar-service"),
                pool(vertx, database, CLEANUP_CYCLE_POOL_SIZE, "dsar-cleanup-cycles"));
    }

    private static Pool pool(Vertx vertx, PostgresLocation database, int size, String name) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(size).setName(name).setShared(false))
                .connectingTo(database.connectOptions().setCachePreparedStatements(true).setPipeliningLimit(256)
                        .setMetricsName(name))
                .using(vertx)
                .build();
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
