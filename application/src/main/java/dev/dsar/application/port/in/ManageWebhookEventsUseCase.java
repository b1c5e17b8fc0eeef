package dev.dsar.application.port.in;

import dev.dsar.domain.WebhookEvent;
import io.vertx.core.Future;
import java.util.List;

/** The operators' view of notifications: pending, delivered or dead events, and a dead one sent again. */
public interface ManageWebhookEventsUseCase {

    /** Newest first, at most {@code limit}. */
    Future<List<WebhookEvent>> list(WebhookEvent.State state, int limit);

    Future<ResendOutcome> resend(long id);

    /** A dead event was made pending again, or there is no dead event with that id. */
    enum ResendOutcome {
        RESENT, NOT_DEAD
    }
}
