package dev.dsar.application.port.in;

import dev.dsar.domain.CleanupRun;
import io.vertx.core.Future;
import java.util.List;

/** An operator looks back on the cleanup cycles of every instance. */
public interface ViewCleanupRunsUseCase {

    int MAX_LIMIT = 500;
    int DEFAULT_LIMIT = 50;

    /** The {@code limit} (1 to {@value #MAX_LIMIT}) most recent runs, newest first. */
    Future<List<CleanupRun>> recent(int limit);
}
