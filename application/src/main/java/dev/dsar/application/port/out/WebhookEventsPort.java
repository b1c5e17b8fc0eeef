package dev.dsar.application.port.out;

import dev.dsar.domain.WebhookEvent;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** The operators' view of the outbox: events by state, and a dead event sent again. */
public interface WebhookEventsPort {

    /** Newest first. */
    Future<List<WebhookEvent>> list(WebhookEvent.State state, int limit);

    /** A dead event made pending again, due at {@code now}, its retry horizon counted from {@code now}. */
    Future<Boolean> resendDead(long id, Instant now);
}
