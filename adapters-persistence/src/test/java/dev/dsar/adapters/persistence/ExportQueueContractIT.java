package dev.dsar.adapters.persistence;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.application.contract.ExportQueueContract;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The export queue's contract, on PostgreSQL: the truth the in-memory fake is held to. */
@ExtendWith(VertxExtension.class)
class ExportQueueContractIT extends ExportQueueContract<DsarRequestPostgresAdapter, DsarRequestPostgresAdapter> {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static DsarRequestPostgresAdapter adapter;

    @BeforeAll
    static void start(Vertx vertx) {
        adapter = new DsarRequestPostgresAdapter(db.pool(vertx));
    }

    @BeforeEach
    void emptyTables() {
        db.execute("TRUNCATE dsar_requests, dsar_audit_events");
    }

    @Override
    protected DsarRequestPostgresAdapter queue() {
        return adapter;
    }

    @Override
    protected DsarRequestPostgresAdapter requests() {
        return adapter;
    }
}
