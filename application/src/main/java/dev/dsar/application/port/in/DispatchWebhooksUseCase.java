package dev.dsar.application.port.in;

import io.vertx.core.Future;

/**
 * The notifications' periodic work: deliver the outbox's due events (answering how many were attempted), and
 * write the notices found by time rather than by a state change ({@code export.expiring}, {@code request.overdue}).
 * A failed future is a technical fault (database unreachable); a receiver's fault is an outcome of the event.
 */
public interface DispatchWebhooksUseCase {

    Future<Integer> dispatchDue();

    Future<Integer> scheduleNotices();
}
