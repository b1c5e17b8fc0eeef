package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * Writes the notices the timer finds rather than a state change: {@code export.expiring} for completed exports
 * that expire before {@code expiringBefore} (and not before {@code now}), and {@code request.overdue} for requests
 * not completed whose {@code due_at} lies between {@code overdueSince} and {@code now}; each once per request.
 */
public interface ScheduleWebhookNoticesPort {

    Future<Integer> scheduleNotices(Notices notices);

    /**
     * The windows, as instants: completed exports with {@code expiringFrom <= completed_at <= expiringUntil};
     * requests with {@code overdueFrom < requested_at <= overdueUntil}.
     */
    record Notices(Instant now, Instant expiringFrom, Instant expiringUntil, Instant overdueFrom, Instant overdueUntil) {
    }
}
