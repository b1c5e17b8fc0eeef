package dev.dsar.adapters.persistence;

import dev.dsar.domain.DatabaseUnavailable.Database;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * How every pool of the service is built, so that an outage is felt the same way everywhere: a connection
 * attempt gives up after {@link #CONNECT_TIMEOUT_MS} (a host that drops packets would otherwise hold a request
 * for the operating system's minute or more), a request waits at most {@link #ACQUIRE_TIMEOUT_SECONDS} for a
 * connection, and each failure is classified by the database's {@link DatabaseAvailability}.
 */
final class PostgresPools {

    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int ACQUIRE_TIMEOUT_SECONDS = 10;

    private PostgresPools() {
    }

    static AvailabilityTrackingPool build(Vertx vertx, SqlConnectOptions connect, PoolOptions pool,
                                          DatabaseAvailability availability) {
        Pool built = PgBuilder.pool()
                .with(pool.setConnectionTimeout(ACQUIRE_TIMEOUT_SECONDS).setConnectionTimeoutUnit(TimeUnit.SECONDS))
                .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS))
                .connectingTo(connect)
                .using(vertx)
                .build();
        return new AvailabilityTrackingPool(built, availability);
    }

    static DatabaseAvailability availability(Database database, PostgresLocation location) {
        return new DatabaseAvailability(database, location);
    }
}
