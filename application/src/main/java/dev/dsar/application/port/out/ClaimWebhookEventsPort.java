package dev.dsar.application.port.out;

import dev.dsar.domain.WebhookEvent;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outbox's due events, each held by one dispatcher under a lease, whichever instance asks: an event already
 * held (and not abandoned) is skipped, and an event waits while an earlier one of the same request is pending.
 */
public interface ClaimWebhookEventsPort {

    Future<List<WebhookEvent>> claimDue(String dispatcher, Instant now, Duration lease, int limit);
}
