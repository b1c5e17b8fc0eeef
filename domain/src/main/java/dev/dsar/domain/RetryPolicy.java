package dev.dsar.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When an export that met a transient fault is tried again: {@link #BACKOFF} holds the wait before the second
 * attempt and before the third, one entry for each attempt after the first of {@link DsarRequest#MAX_ATTEMPTS}.
 * Once the last attempt is spent, {@link DsarRequest#retryLater} fails the request instead.
 */
public final class RetryPolicy {

    /** Wait before the second and the third attempt. */
    public static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2));

    private RetryPolicy() {
    }

    /** The wait after {@code attemptsMade} attempts; beyond the schedule, its last wait. */
    public static Duration backoff(int attemptsMade) {
        return BACKOFF.get(Math.max(0, Math.min(attemptsMade, BACKOFF.size()) - 1));
    }

    /** When the next attempt is due, {@code now} being the clock the next claim is compared with. */
    public static Instant retryAt(int attemptsMade, Instant now) {
        return now.plus(backoff(attemptsMade));
    }
}
