package dev.dsar.adapters.persistence;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.application.contract.RequestStoreContract;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request store's contract, on PostgreSQL: the truth the in-memory fake is held to. */
@ExtendWith(VertxExtension.class)
class DsarRequestStoreContractIT extends RequestStoreContract<DsarRequestPostgresAdapter> {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static DsarRequestPostgresAdapter adapter;

    @BeforeAll
    static void start(Vertx vertx) {
        adapter = new DsarRequestPostgresAdapter(db.pool(vertx));
    }

    @Override
    protected DsarRequestPostgresAdapter store() {
        return adapter;
    }
}
