package dev.dsar.application.service;

import dev.dsar.application.port.in.ManageWebhookEventsUseCase;
import dev.dsar.application.port.out.WebhookEventsPort;
import dev.dsar.domain.WebhookEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/** Lists the outbox's events for operators and sends a dead one again (its retry horizon starting anew). */
public final class ManageWebhookEventsService implements ManageWebhookEventsUseCase {

    private final WebhookEventsPort events;
    private final Clock clock;

    public ManageWebhookEventsService(WebhookEventsPort events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Future<List<WebhookEvent>> list(WebhookEvent.State state, int limit) {
        return events.list(state, Math.max(1, Math.min(limit, 1_000)));
    }

    @Override
    public Future<ResendOutcome> resend(long id) {
        return events.resendDead(id, clock.instant()).map(resent -> resent ? ResendOutcome.RESENT : ResendOutcome.NOT_DEAD);
    }
}
