package dev.dsar.adapters.http;

import dev.dsar.adapters.http.metrics.HttpMetrics;
import dev.dsar.application.port.in.ExportStatusView;
import dev.dsar.application.port.in.RequestExportCommand;
import dev.dsar.application.port.in.RequestExportOutcome;
import dev.dsar.application.port.in.RequestExportUseCase;
import dev.dsar.application.port.in.ViewExportsUseCase;
import dev.dsar.domain.Actor;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/** Creating and reading requests: the data subject's own, and an admin's on behalf of a user. */
final class RequestRoutes {

    private final RequestExportUseCase requestExport;
    private final ViewExportsUseCase viewExports;
    private final HttpMetrics metrics;

    RequestRoutes(RequestExportUseCase requestExport, ViewExportsUseCase viewExports, HttpMetrics metrics) {
        this.requestExport = requestExport;
        this.viewExports = viewExports;
        this.metrics = metrics;
    }

    /** {@code POST /api/dsar/requests}: for the caller; a body, if any, must be a JSON object. */
    void createForSelf(RoutingContext ctx) {
        if (jsonObjectBody(ctx).isEmpty()) {
            return;
        }
        Caller caller = BearerAuthentication.caller(ctx);
        create(ctx, new RequestExportCommand(caller.userId(), Optional.empty(), caller.asSubject()), false);
    }

    /** {@code POST /api/admin/dsar/requests} with {@code {"user_id":42,"reference_id":"optional"}}. */
    void createForUser(RoutingContext ctx) {
        Optional<JsonObject> body = jsonObjectBody(ctx);
        if (body.isEmpty()) {
            return;
        }
        Optional<UserId> user = userId(body.get().getValue("user_id"));
        if (user.isEmpty()) {
            Responses.error(ctx, 400, "Invalid user_id");
            return;
        }
        Object rawReference = body.get().getValue("reference_id");
        Optional<ReferenceId> reference = Optional.empty();
        if (rawReference != null) {
            reference = rawReference instanceof String text ? ReferenceId.parse(text) : Optional.empty();
            if (reference.isEmpty()) {
                Responses.invalidReference(ctx);
                return;
            }
        }
        Actor admin = BearerAuthentication.caller(ctx).asAdmin();
        create(ctx, new RequestExportCommand(user.get(), reference, admin), true);
    }

    private void create(RoutingContext ctx, RequestExportCommand command, boolean byAdmin) {
        respond(ctx, requestExport.request(command), outcome -> outcome.fold(
                created -> {
                    metrics.requestCreated(byAdmin);
                    Responses.ok(ctx, 202, new JsonObject().put("request", ExportJson.request(created.request())));
                    return null;
                },
                inProgress -> {
                    Responses.json(ctx, 409, Responses.error("Request already in progress")
                            .put("reference_id", inProgress.activeReference().value()));
                    return null;
                },
                taken -> {
                    Responses.json(ctx, 409, Responses.error("Reference id already used")
                            .put("reference_id", taken.reference().value()));
                    return null;
                }));
    }

    /** {@code GET /api/dsar/requests}: the caller's requests, newest first. */
    void list(RoutingContext ctx) {
        Caller caller = BearerAuthentication.caller(ctx);
        respond(ctx, viewExports.list(caller.userId()), (List<ExportStatusView> views) -> {
            JsonArray requests = new JsonArray();
            views.forEach(view -> requests.add(ExportJson.request(view)));
            Responses.ok(ctx, 200, new JsonObject().put("requests", requests));
            return null;
        });
    }

    /** {@code GET /api/dsar/requests/{ref}}: one of the caller's requests; anyone else's does not exist. */
    void find(RoutingContext ctx) {
        Optional<ReferenceId> reference = ReferenceId.parse(ctx.pathParam("ref"));
        if (reference.isEmpty()) {
            Responses.invalidReference(ctx);
            return;
        }
        Caller caller = BearerAuthentication.caller(ctx);
        respond(ctx, viewExports.find(caller.userId(), reference.get()), found -> {
            if (found.isPresent()) {
                Responses.ok(ctx, 200, new JsonObject().put("request", ExportJson.request(found.get())));
            } else {
                Responses.notFound(ctx);
            }
            return null;
        });
    }

    private static <T> void respond(RoutingContext ctx, Future<T> future, java.util.function.Function<T, Void> onSuccess) {
        future.onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
            } else {
                onSuccess.apply(result.result());
            }
        });
    }

    /** The request body as a JSON object (empty body = {}); otherwise answers 400 and returns empty. */
    static Optional<JsonObject> jsonObjectBody(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            return Optional.of(new JsonObject());
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(text);
            if (parsed instanceof JsonObject object) {
                return Optional.of(object);
            }
        } catch (DecodeException malformed) {
            // answered below
        }
        Responses.error(ctx, 400, "Invalid JSON");
        return Optional.empty();
    }

    /** A positive integer, given as a JSON integer or a decimal string. */
    static Optional<UserId> userId(Object raw) {
        if (raw instanceof Integer || raw instanceof Long) {
            long value = ((Number) raw).longValue();
            return value > 0 ? Optional.of(new UserId(value)) : Optional.empty();
        }
        return raw instanceof String text ? UserId.parse(text) : Optional.empty();
    }
}
