package dev.dsar.application.port.out;

import dev.dsar.domain.DsarRequest;
import io.vertx.core.Future;

/**
 * Stores a renewed lease ({@link DsarRequest#renewLease}), only over the version the renewal started from,
 * like {@link StoreTransitionPort} but without an audit event: renewals say that a worker is alive, they are
 * not part of the request's history. {@code false}: someone else moved the request, the lease is lost.
 */
public interface RenewLeasePort {

    Future<Boolean> renew(DsarRequest renewed);
}
