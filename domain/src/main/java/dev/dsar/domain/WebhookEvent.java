package dev.dsar.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One notification in the outbox: what happened to which request and when, and how far its delivery got.
 * {@code webhookId} stays the same on every attempt, so that receivers can drop duplicates. It holds no personal
 * data beyond the user id and the reference.
 */
public record WebhookEvent(long id, String webhookId, WebhookEventType type, ReferenceId reference, UserId userId,
                           Instant occurredAt, State state, int attempts, Instant nextAttemptAt, Instant retryFrom,
                           Set<String> deliveredTo, Integer lastHttpStatus, String lastError) {

    /** Where an event stands: waiting for (another) attempt, acknowledged by every endpoint, or given up. */
    public enum State {
        PENDING, DELIVERED, DEAD;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<State> fromCode(String code) {
            return java.util.Arrays.stream(values()).filter(state -> state.code().equals(code)).findFirst();
        }
    }

    public WebhookEvent {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(state, "state");
        deliveredTo = deliveredTo == null ? Set.of() : Set.copyOf(deliveredTo);
    }
}
