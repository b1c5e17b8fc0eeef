package dev.dsar.adapters.persistence;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.application.contract.CleanupStoreContract;
import dev.dsar.domain.DsarRequest;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.templates.SqlTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cleanup's store contract, on PostgreSQL: the truth the in-memory fake is held to. */
@ExtendWith(VertxExtension.class)
class CleanupStoreContractIT extends CleanupStoreContract<CleanupPostgresAdapter> {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    /** A request row as it is, whatever its state: the set-up the fake does with {@code seed}. */
    private static final String PUT = "INSERT INTO dsar_requests (" + DsarRequestRows.COLUMNS + ") VALUES ("
            + DsarRequestRows.VALUES + ") ON CONFLICT (gdpr_reference_id) DO UPDATE SET ("
            + DsarRequestRows.COLUMNS + ") = (" + DsarRequestRows.VALUES + ")";

    private static Pool pool;
    private static CleanupPostgresAdapter adapter;

    @BeforeAll
    static void start(Vertx vertx) {
        pool = db.pool(vertx);
        adapter = new CleanupPostgresAdapter(pool);
    }

    @BeforeEach
    void emptyTables() {
        db.emptyServiceTables();
    }

    @Override
    protected CleanupPostgresAdapter store() {
        return adapter;
    }

    @Override
    protected void given(DsarRequest request) {
        SqlTemplate.forUpdate(pool, PUT).execute(DsarRequestRows.parameters(request)).await();
    }
}
