package dev.dsar.application.port.out;

import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every user's requests, newest first, a page at a time in a stable key order (keyset pagination): pass the key
 * of the last request of a page to get the next. For operators, who look at the whole service.
 */
public interface LoadRequestPagePort {

    /** At most {@code limit} requests matching {@code filter} and coming after {@code after}, newest first. */
    Future<List<Listed>> newestFirst(RequestFilter filter, Optional<PageKey> after, int limit);

    /**
     * Which requests: one user's or everyone's, of one status or all. The status is the effective one: a completed
     * export whose {@code completed_at} is at or before {@code expiryCutoff} counts as expired, as it reads.
     */
    record RequestFilter(Optional<UserId> user, Optional<DsarStatus> status, Instant expiryCutoff) {
    }

    /** A request and its place in the order. */
    record Listed(DsarRequest request, PageKey key) {
    }

    /** Where a request sits in the order; opaque to callers. */
    record PageKey(Instant requestedAt, long id) {
    }
}
