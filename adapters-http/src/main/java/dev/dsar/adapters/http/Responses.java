package dev.dsar.adapters.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every answer but a file and the metrics is JSON; errors are {@code {"ok":false,"error":…}}. */
final class Responses {

    static final String JSON = "application/json";

    private Responses() {
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // A body was already under way (a file): the only honest thing left is to cut the connection.
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.toBuffer().length())).end();
        } else {
            response.end(body.toBuffer());
        }
    }

    static void ok(RoutingContext ctx, int status, JsonObject body) {
        json(ctx, status, new JsonObject().put("ok", true).mergeIn(body));
    }

    static JsonObject error(String error) {
        return ExportJson.error(error);
    }

    static void error(RoutingContext ctx, int status, String error) {
        json(ctx, status, error(error));
    }

    static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        error(ctx, 401, "Unauthorized");
    }

    static void forbidden(RoutingContext ctx) {
        error(ctx, 403, "Forbidden");
    }

    static void notFound(RoutingContext ctx) {
        error(ctx, 404, "Not found");
    }

    static void invalidReference(RoutingContext ctx) {
        error(ctx, 400, "Invalid reference id");
    }
}
