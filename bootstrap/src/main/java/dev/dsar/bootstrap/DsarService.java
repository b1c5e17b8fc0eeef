package dev.dsar.bootstrap;

import dev.dsar.adapters.http.HttpApi;
import dev.dsar.adapters.http.pages.WebPages;
import dev.dsar.adapters.http.HttpConnectionGuard;
import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.adapters.http.metrics.Observability;
import dev.dsar.adapters.persistence.SchemaMigrations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running service ({@code serve}): schema migrated, HTTP API on every event loop, export worker, background
 * work. Started and stopped as a whole, by the command line or by tests, from a thread that is not a Vert.x
 * thread.
 */
public final class DsarService {

    private static final Logger LOG = LoggerFactory.getLogger(DsarService.class);

    private final Vertx vertx;
    private final CleanupCyclesContext cycles;
    private final Components components;
    private final HttpApi api;
    private final String httpDeployment;
    /** Export worker and cleanup timer, when they run: undeployed before the pools close. */
    private final List<String> backgroundDeployments;
    private final int port;

    private DsarService(Vertx vertx, CleanupCyclesContext cycles, Components components, HttpApi api,
                        String httpDeployment, List<String> backgroundDeployments, int port) {
        this.vertx = vertx;
        this.cycles = cycles;
        this.components = components;
        this.api = api;
        this.httpDeployment = httpDeployment;
        this.backgroundDeployments = backgroundDeployments;
        this.port = port;
    }

    /** Blocking: call from a thread that is not a Vert.x thread (main, or a test). */
    public static DsarService start(DsarConfig config, Clock clock) {
        JwtSettings jwt = new JwtSettings(config.requireJwtSecret(), config.jwtIssuer(), config.jwtAudience());
        SchemaMigrations.Applied applied = StartupChecks.migrateService(config);
        if (applied.migrationsApplied() > 0) {
            LOG.info("service schema migrated to version {} ({} migrations)", applied.currentVersion(), applied.migrationsApplied());
        }
        int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
        Observability observability = new Observability();
        // One event loop per core for HTTP; cleanup cycles have one of their own (CleanupCyclesContext).
        Vertx vertx = ServiceVertx.create(observability.withMetrics(new VertxOptions().setEventLoopPoolSize(eventLoops)
                .setPreferNativeTransport(true)), observability.metricsFactory());
        if (!vertx.isNativeTransportEnabled()) {
            LOG.info("native transport unavailable ({}), using NIO", vertx.unavailableNativeTransportCause() == null
                    ? "unknown cause" : vertx.unavailableNativeTransportCause().getMessage());
        }
        CleanupCyclesContext cycles = null;
        try {
            cycles = CleanupCyclesContext.open(vertx);
            Components components = Components.create(vertx, config, clock, observability);
            try {
                StartupChecks.sources(components).await();
            } catch (RuntimeException broken) {
                components.close().await();
                throw broken;
            }
            List<String> background = new ArrayList<>();
            CleanupTimerVerticle cleanup = config.cleanupEnabled()
                    ? new CleanupTimerVerticle(components.runCleanup(), config.cleanupInterval()).withClock(clock)
                    : CleanupTimerVerticle.onDemandOnly(components.runCleanup());
            // Cycles run on their own context from the first one on; the verticle only holds the timer.
            cleanup.runCyclesOn(cycles.context());
            background.add(vertx.deployVerticle(cleanup, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                    .await());
            HttpApi api = new HttpApi(vertx, new HttpApi.Dependencies(components.requestExport(), components.viewExports(),
                    components.downloadExport(), components.issueDownloadLink(), components.downloadLinks(),
                    cleanup::runNow, components.cleanupStatistics(), components.inspectRequests(),
                    components.cleanupRuns(), components::databaseCheck,
                    new JwtTokens(vertx, jwt), observability, clock, components.webhookEvents(), cleanup::nextScheduledRun), config.downloadCaches(),
                    new WebPages(config.frameAncestors()), components.remoteExports().orElse(null));
            List<DsarVerticle> servers = new CopyOnWriteArrayList<>();
            // One for every server instance: the connection cap counts the process's connections.
            HttpConnectionGuard guard = new HttpConnectionGuard(config.http());
            String deployment = listen(vertx, config, () -> {
                DsarVerticle verticle = new DsarVerticle(config, api, guard);
                servers.add(verticle);
                return verticle;
            }, eventLoops);
            // An instance may serve the API only, leaving exports to others (DSAR_EXPORT_WORKER_ENABLED=false).
            if (config.exportWorkerEnabled()) {
                background.add(vertx.deployVerticle(new ExportWorkerVerticle(components)).await());
            }
            if (config.webhooks().enabled()) {
                background.add(vertx.deployVerticle(new WebhookDispatcherVerticle(components.dispatchWebhooks(),
                        WebhookWiring.BATCH)).await());
            }
            components.startBackgroundWork();
            DsarService service = new DsarService(vertx, cycles, components, api, deployment, background,
                    servers.get(0).actualPort());
            LOG.info("DSAR export service {} listening on {}:{} (exports in {})", config.instanceId(),
                    config.httpHost(), service.port, components.storageDescription());
            return service;
        } catch (Exception failed) {
            // Also the checked exceptions (a bind failure) that await() rethrows as they are.
            if (cycles != null) {
                cycles.close().await();
            }
            vertx.close().await();
            throw failed;
        }
    }

    /** Deploys the HTTP verticles; a port already taken is named as such, in one line. */
    private static String listen(Vertx vertx, DsarConfig config, java.util.function.Supplier<DsarVerticle> verticles,
                                 int instances) {
        try {
            return vertx.deployVerticle(verticles, new DeploymentOptions().setInstances(instances)).await();
        } catch (Exception failed) {
            if (addressInUse(failed)) {
                throw new ConfigurationException("DSAR_HTTP_PORT", "cannot listen on " + config.httpHost() + ":"
                        + config.httpPort() + ", the address is already in use (choose another port)");
            }
            throw failed;
        }
    }

    /** Netty's native transport reports EADDRINUSE as a plain IOException, NIO as a BindException. */
    private static boolean addressInUse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException
                    || (cause.getMessage() != null && cause.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    public int port() {
        return port;
    }

    public Components components() {
        return components;
    }

    /** The HTTP API every event loop serves. */
    public HttpApi api() {
        return api;
    }

    /**
     * Blocking: stops taking requests, stops cleanup, abandons running exports (their leases hand them to another instance),
     * lets background work write what it holds, closes everything.
     */
    public void stop() {
        try {
            vertx.undeploy(httpDeployment).await();
            for (String background : backgroundDeployments) {
                vertx.undeploy(background).await();
            }
            components.close().await();
        } finally {
            try {
                cycles.close().await();
            } finally {
                vertx.close().await();
            }
        }
    }
}
