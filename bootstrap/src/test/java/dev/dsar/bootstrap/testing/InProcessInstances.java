package dev.dsar.bootstrap.testing;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.Components;
import dev.dsar.bootstrap.DsarConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Service instances assembled in-process as {@code serve} assembles them, on one test database: a Vert.x for the
 * class, a pool on the database for the test's own reads, the service tables emptied and a fresh export directory
 * for each test, and the instances a test opened closed (and its directory removed) after it. It creates and drops the database too, so that everything on it is
 * closed before the database goes (register the instances, not the database):
 *
 * <pre>{@code
 * static final PostgresDatabase db = PostgresDatabase.migrated();
 * @RegisterExtension static final InProcessInstances instances = new InProcessInstances(db);
 * }</pre>
 */
public final class InProcessInstances implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private final PostgresDatabase db;
    private final List<Components> opened = new ArrayList<>();
    private Vertx vertx;
    private Pool pool;
    private Path folder;

    public InProcessInstances(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db.beforeAll(context);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(db.location().connectOptions()).using(vertx).build();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        db.emptyServiceTables();
        folder = Files.createTempDirectory("dsar-instances-").toRealPath();
    }

    /**
     * An instance configured by {@code env} on {@code clock}, closed after the test; {@code DSAR_DATABASE_URL} is
     * the test database's and {@code EXPORT_STORAGE_PATH} is {@link #exports()} unless {@code env} names others.
     */
    public Components open(Map<String, String> env, Clock clock) {
        Map<String, String> withDatabase = new HashMap<>(Map.of("DSAR_DATABASE_URL", db.uri(),
                "EXPORT_STORAGE_PATH", exports().toString()));
        withDatabase.putAll(env);
        Components components = Components.create(vertx, DsarConfig.from(withDatabase), clock);
        opened.add(components);
        return components;
    }

    /** Closes {@code components} now rather than after the test (before dropping a database it uses, say). */
    public void close(Components components) {
        opened.remove(components);
        components.close().await();
    }

    /**
     * This test's export directory, by its real path; not created until an instance opens it (or the test does),
     * removed after the test.
     */
    public Path exports() {
        return folder.resolve("exports");
    }

    public Vertx vertx() {
        return vertx;
    }

    /** A pool on the test database, for reading what the instances wrote. */
    public Pool pool() {
        return pool;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Components components : opened) {
            components.close().await();
        }
        opened.clear();
        if (folder != null) {
            TempFiles.deleteTree(folder);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (vertx != null) {
            pool.close().await();
            vertx.close().await();
        }
        db.afterAll(context);
    }
}
