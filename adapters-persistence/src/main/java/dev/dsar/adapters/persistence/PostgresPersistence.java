package dev.dsar.adapters.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The service database: one connection pool and the adapters that use it. The rest of the service never sees
 * the pool, only the ports these adapters implement.
 */
public final class PostgresPersistence {

    private final Pool pool;
    private final DsarRequestPostgresAdapter requests;
    private final DownloadReceiptPostgresAdapter receipts;
    private final CleanupPostgresAdapter cleanup;

    private PostgresPersistence(Vertx vertx, Pool pool) {
        this.pool = pool;
        this.requests = new DsarRequestPostgresAdapter(pool);
        this.receipts = new DownloadReceiptPostgresAdapter(vertx, pool);
        this.cleanup = new CleanupPostgresAdapter(pool);
    }

    /** Opens the pool lazily: no connection is made until the first query. */
    public static PostgresPersistence connect(Vertx vertx, PostgresLocation database, int poolSize) {
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize).setName("dsar-service").setShared(false))
                .connectingTo(database.connectOptions().setCachePreparedStatements(true).setPipeliningLimit(256))
                .using(vertx)
                .build();
        return new PostgresPersistence(vertx, pool);
    }

    public DsarRequestPostgresAdapter requests() {
        return requests;
    }

    public DownloadReceiptPostgresAdapter receipts() {
        return receipts;
    }

    public CleanupPostgresAdapter cleanup() {
        return cleanup;
    }

    /** Succeeds when the database answers a trivial query. */
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    /** Writes pending download receipts, then closes the pool. */
    public Future<Void> close() {
        return receipts.stop().recover(unwritten -> Future.succeededFuture()).compose(flushed -> pool.close());
    }
}
