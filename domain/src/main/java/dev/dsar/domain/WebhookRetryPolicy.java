package dev.dsar.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a notification that was not acknowledged is tried again: after growing waits (a few seconds at first,
 * then minutes, then hours, {@link #WAITS}), each stretched or shortened by up to a fifth at random so that many
 * events failing together do not come back together; and not any more once {@link #horizon} has passed since the
 * event (or since an operator re-sent it): the event is then dead. The horizon is at least 24 hours.
 */
public record WebhookRetryPolicy(Duration horizon) {

    public static final Duration DEFAULT_HORIZON = Duration.ofHours(24);

    /** The wait after the n-th failed attempt (the last one repeats). */
    static final Duration[] WAITS = {
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(6)};

    public WebhookRetryPolicy {
        if (horizon == null || horizon.compareTo(DEFAULT_HORIZON) < 0) {
            throw new IllegalArgumentException("retries must go on for at least 24 hours");
        }
    }

    public static WebhookRetryPolicy defaults() {
        return new WebhookRetryPolicy(DEFAULT_HORIZON);
    }

    /** The wait before the next attempt, {@code attemptsMade} having failed; {@code jitter} in [0, 1). */
    public Duration waitAfter(int attemptsMade, double jitter) {
        Duration base = WAITS[Math.max(0, Math.min(attemptsMade, WAITS.length) - 1)];
        double factor = 0.8 + 0.4 * Math.max(0, Math.min(jitter, 1));
        return Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * factor)));
    }

    /**
     * After a failed attempt at {@code now}: the time of the next one, or empty when the event is dead (the
     * horizon since {@code retryFrom} has passed).
     */
    public Optional<Instant> nextAttempt(Instant retryFrom, int attemptsMade, Instant now, double jitter) {
        if (!now.isBefore(retryFrom.plus(horizon))) {
            return Optional.empty();
        }
        return Optional.of(now.plus(waitAfter(attemptsMade, jitter)));
    }
}
