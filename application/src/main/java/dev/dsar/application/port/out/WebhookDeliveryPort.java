package dev.dsar.application.port.out;

import dev.dsar.domain.WebhookEvent;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;

/**
 * Sends one signed notification to the configured endpoints that have not acknowledged it yet. Never fails for
 * a receiver's fault (no answer, an error status): the result says which endpoints acknowledged and why the
 * others did not.
 */
public interface WebhookDeliveryPort {

    /** Every configured endpoint, in order: {@code deliveredTo} names them. */
    java.util.List<String> endpoints();

    Future<Result> send(WebhookEvent event, Map<String, Object> data);

    record Result(Set<String> acknowledged, Integer httpStatus, String error) {
    }
}
