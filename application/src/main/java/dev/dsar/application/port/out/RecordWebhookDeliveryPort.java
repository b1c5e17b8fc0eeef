package dev.dsar.application.port.out;

import dev.dsar.domain.WebhookEvent;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Set;

/**
 * The outcome of one delivery attempt, written only while the dispatcher still holds the event's lease (false
 * otherwise: another dispatcher took it over). Each call counts one attempt and releases the lease.
 */
public interface RecordWebhookDeliveryPort {

    /** Every endpoint acknowledged the event. */
    Future<Boolean> delivered(WebhookEvent event, String dispatcher, Set<String> deliveredTo, Instant at);

    /** Some endpoint did not: try again at {@code nextAttemptAt}. */
    Future<Boolean> retryAt(WebhookEvent event, String dispatcher, Attempt attempt, Instant nextAttemptAt);

    /** Some endpoint did not, and the retry horizon has passed. */
    Future<Boolean> dead(WebhookEvent event, String dispatcher, Attempt attempt, Instant at);

    /** What a failed attempt leaves: the endpoints that did acknowledge, and why the others did not. */
    record Attempt(Set<String> deliveredTo, Integer httpStatus, String error) {
    }
}
