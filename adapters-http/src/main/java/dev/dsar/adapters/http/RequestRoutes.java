package dev.dsar.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
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

    /** The subject's request carries nothing yet: {@code {}} or no body. */
    record SelfRequestBody() {
    }

    /** The admin's request: whose data, and optionally the reference to give it. */
    record AdminRequestBody(@JsonProperty(value = "user_id", required = true) long userId,
                            @JsonProperty("reference_id") String referenceId) {
    }

    /** {@code POST /api/dsar/requests}: for the caller; a body, if any, must be {@code {}}. */
    void createForSelf(RoutingContext ctx) {
        if (JsonBodies.read(ctx, SelfRequestBody.class).isEmpty()) {
            return;
        }
        Caller caller = BearerAuthentication.caller(ctx);
        create(ctx, new RequestExportCommand(caller.userId(), Optional.empty(), caller.asSubject()), false);
    }

    /** {@code POST /api/admin/dsar/requests} with {@code {"user_id":42,"reference_id":"optional"}}. */
    void createForUser(RoutingContext ctx) {
        Optional<AdminRequestBody> body = JsonBodies.read(ctx, AdminRequestBody.class);
        if (body.isEmpty()) {
            return;
        }
        if (body.get().userId() <= 0) {
            JsonBodies.invalidField(ctx, "Invalid user_id", "user_id", "expected a positive integer");
            return;
        }
        Optional<ReferenceId> reference = Optional.empty();
        if (body.get().referenceId() != null) {
            reference = ReferenceId.parse(body.get().referenceId());
            if (reference.isEmpty()) {
                JsonBodies.invalidField(ctx, "Invalid reference id", "reference_id", "expected 1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit");
                return;
            }
        }
        Actor admin = BearerAuthentication.caller(ctx).asAdmin();
        create(ctx, new RequestExportCommand(new UserId(body.get().userId()), reference, admin), true);
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
}
