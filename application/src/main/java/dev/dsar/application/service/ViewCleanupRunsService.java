package dev.dsar.application.service;

import dev.dsar.application.port.in.ViewCleanupRunsUseCase;
import dev.dsar.application.port.out.LoadCleanupRunsPort;
import dev.dsar.domain.CleanupRun;
import io.vertx.core.Future;
import java.util.List;

public final class ViewCleanupRunsService implements ViewCleanupRunsUseCase {

    private final LoadCleanupRunsPort runs;

    public ViewCleanupRunsService(LoadCleanupRunsPort runs) {
        this.runs = runs;
    }

    @Override
    public Future<List<CleanupRun>> recent(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("1 to " + MAX_LIMIT + " runs, not " + limit);
        }
        return runs.recent(limit);
    }
}
