package dev.dsar.bootstrap;

import dev.dsar.adapters.http.metrics.Observability;
import dev.dsar.adapters.persistence.SchemaMigrations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running service ({@code serve}): schema migrated, HTTP API on every event loop. Started and stopped as a
 * whole, by the command line or by tests.
 */
public final class DsarService {

    private static final Logger LOG = LoggerFactory.getLogger(DsarService.class);

    private final Vertx vertx;
    private final Components components;
    private final int port;

    private DsarService(Vertx vertx, Components components, int port) {
        this.vertx = vertx;
        this.components = components;
        this.port = port;
    }

    /** Blocking: call from a thread that is not a Vert.x thread (main, or a test). */
    public static DsarService start(DsarConfig config, Clock clock) {
        config.requireJwtSecret();
        SchemaMigrations.Applied applied = new SchemaMigrations(config.database()).migrateService();
        if (applied.migrationsApplied() > 0) {
            LOG.info("service schema migrated to version {} ({} migrations)", applied.currentVersion(), applied.migrationsApplied());
        }
        int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
        Observability observability = new Observability();
        Vertx vertx = observability.newVertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        try {
            Components components = Components.create(vertx, config, clock, observability);
            AtomicReference<DsarVerticle> first = new AtomicReference<>();
            vertx.deployVerticle(() -> {
                DsarVerticle verticle = new DsarVerticle(components);
                first.compareAndSet(null, verticle);
                return verticle;
            }, new DeploymentOptions().setInstances(eventLoops)).await();
            startCleanupTimer(vertx, components);
            DsarService service = new DsarService(vertx, components, first.get().actualPort());
            LOG.info("DSAR export service {} listening on {}:{} (exports in {})", config.instanceId(),
                    config.httpHost(), service.port, components.exportDirectory().root());
            return service;
        } catch (RuntimeException failed) {
            vertx.close().await();
            throw failed;
        }
    }

    /**
     * The periodic cleanup, unless CLEANUP_ENABLED is false. Deployed as a worker: the cycle's futures complete on
     * its context, so the cycle's own work (mapping pages, building batches) never runs on an event loop that
     * serves downloads.
     */
    private static void startCleanupTimer(Vertx vertx, Components components) {
        DsarConfig config = components.config();
        if (!config.cleanupEnabled()) {
            LOG.info("periodic cleanup disabled (CLEANUP_ENABLED=false)");
            return;
        }
        vertx.deployVerticle(new CleanupTimerVerticle(components.runCleanup(), config.cleanupInterval()),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await();
    }

    public int port() {
        return port;
    }

    public Components components() {
        return components;
    }

    /** Undeploys the verticles (HTTP first, then background work), closes the pool and Vert.x itself. */
    public Future<Void> stop() {
        return vertx.close();
    }
}
