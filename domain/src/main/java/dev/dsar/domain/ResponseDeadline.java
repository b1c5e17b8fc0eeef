package dev.dsar.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long the controller has to answer a request (GDPR Art. 12(3): one month, extendable): a request is due at
 * {@code requestedAt + deadline}. Shown as {@code due_at}; a request not completed by then is overdue.
 */
public record ResponseDeadline(Duration deadline) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofDays(30);

    public ResponseDeadline {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("a response deadline is a positive duration");
        }
    }

    public static ResponseDeadline defaults() {
        return new ResponseDeadline(DEFAULT_DEADLINE);
    }

    public Instant dueAt(Instant requestedAt) {
        return requestedAt.plus(deadline);
    }

    /** Not completed by its due date: still pending or processing, or failed, at or after {@code dueAt}. */
    public boolean isOverdue(DsarRequest request, Instant now) {
        boolean answered = request.completedAt() != null;
        return !answered && !now.isBefore(dueAt(request.requestedAt()));
    }
}
