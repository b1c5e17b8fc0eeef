package dev.dsar.application.port.out;

import dev.dsar.domain.CleanupRun;
import io.vertx.core.Future;
import java.util.List;

/** The recorded cleanup cycles of every instance, dry runs included. */
public interface LoadCleanupRunsPort {

    /** The {@code limit} most recent, newest first. */
    Future<List<CleanupRun>> recent(int limit);
}
