package dev.dsar.adapters.http;

import dev.dsar.adapters.http.links.SignedDownloadLinks;
import dev.dsar.adapters.http.metrics.HttpMetrics;
import dev.dsar.adapters.http.metrics.Observability;
import dev.dsar.adapters.http.pages.FrameAncestors;
import dev.dsar.adapters.http.pages.WebPages;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.application.port.in.DownloadExportUseCase;
import dev.dsar.application.port.in.InspectRequestsUseCase;
import dev.dsar.application.port.in.IssueDownloadLinkUseCase;
import dev.dsar.application.port.in.ManageWebhookEventsUseCase;
import dev.dsar.application.port.in.RequestExportUseCase;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.in.ViewCleanupRunsUseCase;
import dev.dsar.application.port.in.ViewCleanupStatisticsUseCase;
import dev.dsar.application.port.in.ViewExportsUseCase;
import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.domain.DatabaseUnavailable.Database;
import dev.dsar.domain.StorageUnavailable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of contract §4: routes, authentication, and JSON for every answer, errors included. Built once
 * (shared state: token cache, meters) and asked for one router per event loop.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** Request bodies are small JSON objects; anything bigger is refused with 413. */
    static final long BODY_LIMIT = 1024 * 1024;
    /** What a client is told to wait while a database is unreachable: a restart usually takes seconds. */
    static final String RETRY_AFTER_SECONDS = "5";

    /** What the routes need from the rest of the service. */
    public record Dependencies(
            RequestExportUseCase requestExport,
            ViewExportsUseCase viewExports,
            DownloadExportUseCase downloadExport,
            IssueDownloadLinkUseCase issueDownloadLink,
            SignedDownloadLinks downloadLinks,
            /* Runs a cleanup cycle where the wiring wants it (off the event loops that serve downloads). */
            Function<RunCleanupCommand, Future<CleanupOutcome>> runCleanup,
            ViewCleanupStatisticsUseCase cleanupStatistics,
            InspectRequestsUseCase inspectRequests,
            ViewCleanupRunsUseCase cleanupRuns,
            Supplier<Future<Void>> databaseCheck,
            JwtTokens tokens,
            Observability observability,
            Clock clock,
            ManageWebhookEventsUseCase webhooks,
            /* When this instance's timer runs the next cleanup cycle (empty: only on demand). */
            Supplier<java.util.Optional<java.time.Instant>> nextCleanupRun) {
    }

    private final Dependencies dependencies;
    private final BearerAuthentication authentication;
    private final RequestRoutes requests;
    private final DownloadRoute download;
    private final DownloadLinkRoutes links;
    private final AdminCleanupRoutes cleanup;
    private final AdminRequestRoutes admin;
    private final AdminWebhookRoutes webhooks;
    private final HttpMetrics metrics;
    private final WebPages pages;

    /** Needs a Vert.x instance for the worker threads that read small files into memory. */
    public HttpApi(Vertx vertx, Dependencies dependencies) {
        this(vertx, dependencies, DownloadCaches.DEFAULT, new WebPages(FrameAncestors.NONE), null);
    }

    /** {@code remote}: where exports kept in an object store are sent from (null: every export is a local file). */
    public HttpApi(Vertx vertx, Dependencies dependencies, RemoteExports remote) {
        this(vertx, dependencies, DownloadCaches.DEFAULT, new WebPages(FrameAncestors.NONE), remote);
    }

    /** With the web pages of §7.2 served beside the API. */
    public HttpApi(Vertx vertx, Dependencies dependencies, DownloadCaches caches, WebPages pages) {
        this(vertx, dependencies, caches, pages, null);
    }

    /** With the web pages, and exports in an object store ({@code remote}; null: every export is a local file). */
    public HttpApi(Vertx vertx, Dependencies dependencies, DownloadCaches caches, WebPages pages,
                   RemoteExports remote) {
        this.dependencies = dependencies;
        this.pages = pages;
        this.metrics = new HttpMetrics(dependencies.observability().registry());
        this.authentication = new BearerAuthentication(dependencies.tokens().provider(), dependencies.clock(),
                dependencies.observability().registry(), caches.entries());
        this.requests = new RequestRoutes(dependencies.requestExport(), dependencies.viewExports(), metrics);
        this.download = new DownloadRoute(dependencies.downloadExport(), metrics,
                new SmallExportFiles(vertx, dependencies.clock(), dependencies.observability().registry(),
                        caches.fileBytes()), remote);
        this.links = new DownloadLinkRoutes(dependencies.issueDownloadLink(), dependencies.downloadLinks(),
                dependencies.clock(), metrics);
        this.cleanup = new AdminCleanupRoutes(dependencies.runCleanup(), dependencies.cleanupStatistics(),
                dependencies.nextCleanupRun());
        this.admin = new AdminRequestRoutes(dependencies.inspectRequests(), dependencies.cleanupRuns());
        this.webhooks = new AdminWebhookRoutes(dependencies.webhooks());
    }

    /** The routes, for one server instance (also read by the test that holds docs/openapi.yaml to them). */
    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
        router.route().handler(metrics.observer());
        router.route().handler(HttpApi::onlyContinueExpected);
        router.route().failureHandler(HttpApi::unlessTheConnectionIsGone);

        router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/ready").handler(this::ready);
        router.get("/metrics").handler(dependencies.observability().scrapeHandler());
        // Static pages: each calls the API below with the token it holds; no Authorization here.
        pages.mount(router);

        // A signed link stands in for the token on the download route alone; the bearer check follows for the rest.
        router.route("/api/dsar/download/:ref").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(links::authenticate);
        router.route("/api/*").handler(authentication);
        // The busiest route first: routes are matched in order.
        router.route("/api/dsar/download/:ref").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(download);
        router.route("/api/admin/*").handler(HttpApi::adminsOnly);

        router.post("/api/dsar/requests").handler(body).handler(requests::createForSelf);
        router.get("/api/dsar/requests").handler(requests::list);
        router.get("/api/dsar/requests/:ref").handler(requests::find);
        router.post("/api/dsar/requests/:ref/link").handler(body).handler(links::issue);

        router.post("/api/admin/dsar/requests").handler(body).handler(requests::createForUser);
        router.get("/api/admin/dsar/requests").handler(admin::list);
        router.get("/api/admin/dsar/requests/:ref").handler(admin::find);
        router.post("/api/admin/dsar/cleanup").handler(body).handler(cleanup::run);
        router.get("/api/admin/dsar/cleanup/stats").handler(cleanup::cycles);
        router.get("/api/admin/dsar/cleanup/runs").handler(admin::runs);
        router.get("/api/admin/dsar/storage").handler(cleanup::storage);
        router.get("/api/admin/dsar/webhooks").handler(webhooks::list);
        router.post("/api/admin/dsar/webhooks/:id/retry").handler(webhooks::retry);

        for (int status : new int[] {400, 404, 406, 413, 414, 415, 431, 501}) {
            router.errorHandler(status, ctx -> Responses.error(ctx, status, reason(status)));
        }
        AllowedMethods allowed = AllowedMethods.of(router);
        router.errorHandler(405, ctx -> {
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed.header(ctx.normalizedPath()));
            Responses.error(ctx, 405, reason(405));
        });
        router.errorHandler(500, this::internalError);
        return router;
    }

    /**
     * Requests the HTTP decoder already rejected (malformed line, oversized headers, another HTTP version, both
     * Content-Length and Transfer-Encoding): JSON as well, and the connection closed, since what follows on it
     * cannot be framed with confidence.
     */
    public Handler<HttpServerRequest> invalidRequestHandler() {
        return request -> {
            Throwable cause = request.decoderResult().cause();
            int status = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414
                    : cause instanceof io.netty.handler.codec.TooLongFrameException ? 431
                    : 400;
            // Another HTTP version is a client error like the others: 400 rather than 505, no 5xx for bad input.
            String error = cause instanceof StrictHttpRequestDecoder.UnsupportedVersion ? "HTTP version not supported"
                    : reason(status);
            request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Responses.error(error).toBuffer())
                    .onComplete(sent -> request.connection().close());
        };
    }

    /** Both databases are checked; the answer says which one is down. */
    private void ready(RoutingContext ctx) {
        dependencies.databaseCheck().get().onComplete(check -> {
            Set<Database> down = check.succeeded() ? Set.of() : DatabaseUnavailable.in(check.cause())
                    .map(DatabaseUnavailable::databases).orElse(EnumSet.allOf(Database.class));
            JsonObject databases = new JsonObject();
            for (Database database : Database.values()) {
                databases.put(database.label(), down.contains(database) ? "DOWN" : "UP");
            }
            if (down.isEmpty()) {
                Responses.json(ctx, 200, new JsonObject().put("status", "UP").put("databases", databases));
            } else {
                // An error like any other ({"ok":false,"error":…}), with the fields probes look for.
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
                Responses.json(ctx, 503, Responses.error("Database unreachable").put("status", "DOWN")
                        .put("databases", databases));
            }
        });
    }

    /** RFC 9110 §10.1.1: an expectation the server cannot meet (anything but 100-continue) is a 417. */
    private static void onlyContinueExpected(RoutingContext ctx) {
        String expect = ctx.request().getHeader(HttpHeaders.EXPECT);
        if (expect == null || expect.trim().equalsIgnoreCase("100-continue")) {
            ctx.next();
            return;
        }
        // The body the client holds back would otherwise be read as the next request.
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        Responses.error(ctx, 417, "Expectation failed");
    }

    /**
     * A request whose connection closed before its answer (the client left, or a body that could not be framed
     * was refused below the router): nobody is left to answer, and nothing went wrong on this side.
     */
    private static void unlessTheConnectionIsGone(RoutingContext ctx) {
        if (ctx.response().closed() && ctx.failure() instanceof io.vertx.core.http.HttpClosedException) {
            return;
        }
        ctx.next();
    }

    private static void adminsOnly(RoutingContext ctx) {
        if (BearerAuthentication.caller(ctx).admin()) {
            ctx.next();
        } else {
            Responses.forbidden(ctx);
        }
    }

    private void internalError(RoutingContext ctx) {
        if (DatabaseUnavailable.in(ctx.failure()).isPresent()) {
            // An outage, not a fault of this request: logged once by the persistence adapter when it began.
            metrics.databaseUnavailable();
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            Responses.error(ctx, 503, "Service unavailable");
            return;
        }
        if (StorageUnavailable.in(ctx.failure()).isPresent()) {
            LOG.warn("{} {}: {}", ctx.request().method(), ctx.normalizedPath(), ctx.failure().getMessage());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            Responses.error(ctx, 503, "Service unavailable");
            return;
        }
        LOG.error("{} {} failed", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
        Responses.error(ctx, 500, "Internal server error");
    }

    static String reason(int status) {
        switch (status) {
            case 400: return "Bad request";
            case 404: return "Not found";
            case 405: return "Method not allowed";
            case 406: return "Not acceptable";
            case 413: return "Request body too large";
            case 414: return "URI too long";
            case 415: return "Unsupported media type";
            case 431: return "Request headers too large";
            case 501: return "Not implemented";
            default: return "Error";
        }
    }
}
