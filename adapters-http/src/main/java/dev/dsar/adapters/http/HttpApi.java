package dev.dsar.adapters.http;

import dev.dsar.adapters.http.metrics.Observability;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: routes, and JSON for every answer, errors included (contract §4). */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final String JSON = "application/json";

    private HttpApi() {
    }

    /** What the routes need from the rest of the service. */
    public record Dependencies(Supplier<Future<Void>> databaseCheck, Observability observability) {
    }

    public static Handler<HttpServerRequest> create(Vertx vertx, Dependencies dependencies) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/ready").handler(ctx -> dependencies.databaseCheck().get()
                .onSuccess(ok -> json(ctx, 200, new JsonObject().put("status", "UP")))
                .onFailure(down -> json(ctx, 503, new JsonObject().put("status", "DOWN").put("database", "unreachable"))));
        router.get("/metrics").handler(dependencies.observability().scrapeHandler());
        router.errorHandler(404, ctx -> json(ctx, 404, ExportJson.error("Not found")));
        router.errorHandler(405, ctx -> json(ctx, 405, ExportJson.error("Method not allowed")));
        router.errorHandler(500, ctx -> {
            LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            json(ctx, 500, ExportJson.error("Internal error"));
        });
        return router;
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
    }
}
