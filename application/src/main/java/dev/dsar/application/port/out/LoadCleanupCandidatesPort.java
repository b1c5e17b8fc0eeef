package dev.dsar.application.port.out;

import dev.dsar.domain.DsarRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Requests cleanup has work on, read in pages in a stable key order so that memory stays flat whatever the
 * backlog and a cycle never reads a row twice: pass the previous page's {@code last} key to get the next.
 */
public interface LoadCleanupCandidatesPort {

    /** Completed exports with {@code completed_at} at or before {@code cutoff}, oldest first. */
    Future<Page> expiredExports(Instant cutoff, Optional<PageKey> after, int limit);

    /** Failed exports that still name a file, with {@code failed_at} at or before {@code cutoff}, oldest first. */
    Future<Page> failedExportsWithFiles(Instant cutoff, Optional<PageKey> after, int limit);

    /** Where a page ended; opaque to callers. */
    record PageKey(Instant at, long id) {
    }

    /** {@code last} is empty only when the page is. */
    record Page(List<DsarRequest> requests, Optional<PageKey> last) {
        public Page {
            requests = List.copyOf(requests);
        }
    }
}
