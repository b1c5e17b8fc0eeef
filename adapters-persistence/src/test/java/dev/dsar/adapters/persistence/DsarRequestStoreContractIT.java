package dev.dsar.adapters.persistence;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.application.contract.RequestStoreContract;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request store's contract, on PostgreSQL: the truth the in-memory fake is held to. */
@ExtendWith(VertxExtension.class)
class DsarRequestStoreContractIT extends RequestStoreContract<DsarRequestPostgresAdapter> {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static Vertx vertx;
    private static Pool pool;
    private static DsarRequestPostgresAdapter adapter;

    @BeforeAll
    static void start(Vertx given) {
        vertx = given;
        pool = PgBuilder.pool().connectingTo(db.location().connectOptions()).using(vertx).build();
        adapter = new DsarRequestPostgresAdapter(pool);
    }

    @AfterAll
    static void stop() {
        pool.close().await();
    }

    @Override
    protected DsarRequestPostgresAdapter store() {
        return adapter;
    }
}
