package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.time.Instant;

/** Removes the events that occurred before {@code cutoff} and that no dispatcher holds. */
public interface PurgeWebhookEventsPort {

    Future<Integer> purgeBefore(Instant cutoff);
}
