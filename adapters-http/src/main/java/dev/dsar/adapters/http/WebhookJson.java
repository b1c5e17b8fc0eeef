package dev.dsar.adapters.http;

import dev.dsar.domain.WebhookEvent;
import io.vertx.core.json.JsonObject;

/** A webhook event as operators see it (admin API, {@code bin/dsar webhooks}): never its payload's link. */
public final class WebhookJson {

    private WebhookJson() {
    }

    public static JsonObject event(WebhookEvent event) {
        return new JsonObject()
                .put("id", event.id())
                .put("webhook_id", event.webhookId())
                .put("type", event.type().code())
                .put("reference_id", event.reference().value())
                .put("user_id", event.userId().value())
                .put("occurred_at", event.occurredAt().toString())
                .put("state", event.state().code())
                .put("attempts", event.attempts())
                .put("next_attempt_at", event.state() == WebhookEvent.State.PENDING && event.nextAttemptAt() != null
                        ? event.nextAttemptAt().toString() : null)
                .put("last_http_status", event.lastHttpStatus())
                .put("last_error", event.lastError());
    }
}
