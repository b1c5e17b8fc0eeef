package dev.dsar.adapters.http;

import dev.dsar.application.port.in.ManageWebhookEventsUseCase;
import dev.dsar.domain.WebhookEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The operators' notification endpoints: {@code GET /api/admin/dsar/webhooks?state=pending|dead|delivered&limit=N}
 * lists events newest first; {@code POST /api/admin/dsar/webhooks/{id}/retry} sends a dead event again (same
 * {@code webhook_id}, its retry horizon counted anew).
 */
final class AdminWebhookRoutes {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final ManageWebhookEventsUseCase webhooks;

    AdminWebhookRoutes(ManageWebhookEventsUseCase webhooks) {
        this.webhooks = webhooks;
    }

    void list(RoutingContext ctx) {
        String stateParameter = ctx.request().getParam("state", "pending");
        Optional<WebhookEvent.State> state = WebhookEvent.State.fromCode(stateParameter);
        if (state.isEmpty()) {
            Responses.json(ctx, 400, Responses.error("Invalid state").put("field", "state")
                    .put("allowed", new JsonArray().add("pending").add("delivered").add("dead")));
            return;
        }
        int limit;
        try {
            limit = Integer.parseInt(ctx.request().getParam("limit", Integer.toString(DEFAULT_LIMIT)));
        } catch (NumberFormatException notANumber) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            Responses.json(ctx, 400, Responses.error("Invalid limit").put("field", "limit"));
            return;
        }
        webhooks.list(state.get(), limit).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            JsonArray events = new JsonArray();
            result.result().forEach(event -> events.add(WebhookJson.event(event)));
            Responses.ok(ctx, 200, new JsonObject().put("state", state.get().code()).put("events", events));
        });
    }

    void retry(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException notANumber) {
            Responses.error(ctx, 400, "Invalid event id");
            return;
        }
        webhooks.resend(id).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
            } else if (result.result() == ManageWebhookEventsUseCase.ResendOutcome.RESENT) {
                Responses.ok(ctx, 202, new JsonObject().put("id", id).put("state", "pending"));
            } else {
                Responses.json(ctx, 404, Responses.error("No dead event with this id").put("id", id));
            }
        });
    }
}
