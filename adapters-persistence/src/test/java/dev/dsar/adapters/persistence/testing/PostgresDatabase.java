package dev.dsar.adapters.persistence.testing;

import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.adapters.persistence.SchemaMigrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database for one test class, migrated with the service schema (and the demo schema when asked),
 * dropped after the class. Use as {@code @RegisterExtension static final PostgresDatabase db = …}.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {

    private final boolean withDemoSchema;
    private final boolean migrated;
    private PostgresLocation location;
    private final List<Pool> pools = new ArrayList<>();

    private PostgresDatabase(boolean migrated, boolean withDemoSchema) {
        this.migrated = migrated;
        this.withDemoSchema = withDemoSchema;
    }

    public static PostgresDatabase migrated() {
        return new PostgresDatabase(true, false);
    }

    public static PostgresDatabase migratedWithDemoSchema() {
        return new PostgresDatabase(true, true);
    }

    public static PostgresDatabase empty() {
        return new PostgresDatabase(false, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        location = TestPostgres.createDatabase(context.getRequiredTestClass().getSimpleName());
        if (migrated) {
            SchemaMigrations migrations = new SchemaMigrations(location);
            migrations.migrateService();
            if (withDemoSchema) {
                migrations.migrateDemo();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (Pool pool : pools) {
            pool.close().await();
        }
        pools.clear();
        if (location != null) {
            TestPostgres.dropDatabase(location);
        }
    }

    public PostgresLocation location() {
        if (location == null) {
            throw new IllegalStateException("the database exists from @BeforeAll on");
        }
        return location;
    }

    public String uri() {
        return location().uri();
    }

    /** A pool on this database, closed after the class, before the database is dropped. */
    public Pool pool(Vertx vertx) {
        return pool(vertx, new PoolOptions().getMaxSize());
    }

    /** A pool of {@code maxSize} connections on this database, closed after the class like {@link #pool(Vertx)}. */
    public synchronized Pool pool(Vertx vertx, int maxSize) {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(maxSize))
                .connectingTo(location().connectOptions()).using(vertx).build();
        pools.add(pool);
        return pool;
    }

    /** Empties the tables the service writes, for classes whose tests each start from none. */
    public void emptyServiceTables() {
        execute("TRUNCATE dsar_requests, dsar_audit_events, dsar_cleanup_runs, dsar_cleanup_lock");
    }

    /** Runs SQL on this database over JDBC (test setup and assertions). */
    public void execute(String sql) {
        TestPostgres.execute(location(), sql);
    }
}
