package dev.dsar.application.port.out;

import dev.dsar.domain.DsarRequest;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Hands the oldest due pending request to one worker among all instances: the request is locked without
 * waiting on others ({@code SKIP LOCKED}), moved by {@link DsarRequest#claim} and stored with an
 * {@code export_started} audit event, all in one transaction. Empty when nothing is due.
 */
public interface ClaimExportPort {

    Future<Optional<DsarRequest>> claimNext(String worker, Instant now, Duration lease);
}
