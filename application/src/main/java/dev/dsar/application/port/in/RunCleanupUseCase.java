package dev.dsar.application.port.in;

import io.vertx.core.Future;

/**
 * One cleanup cycle: expired exports, files of failed exports, orphaned files, exports abandoned in
 * processing, and (when configured) old audit events. One cycle at a time across every instance sharing the
 * database; a second request while one runs gets {@link CleanupOutcome.Busy}. A failed future is a technical
 * fault (database unreachable); the cycle is recorded with its error either way.
 */
public interface RunCleanupUseCase {

    Future<CleanupOutcome> run(RunCleanupCommand command);
}
