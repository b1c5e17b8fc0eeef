package dev.dsar.application.port.out;

import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import io.vertx.core.Future;

/**
 * Persists a move of a request and its audit event atomically. The write only happens if the stored request
 * is still the one the move started from ({@code version - 1}): {@code false} means someone else moved it
 * first and nothing was written.
 */
public interface StoreTransitionPort {

    Future<Boolean> store(DsarRequest moved, AuditEvent event);
}
