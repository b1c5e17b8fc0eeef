package dev.dsar.application.service;

import dev.dsar.domain.CleanupTotals;
import dev.dsar.domain.StorageStatistics;
import dev.dsar.application.port.in.ViewCleanupStatisticsUseCase;
import dev.dsar.application.port.out.LoadCleanupTotalsPort;
import dev.dsar.application.port.out.StorageStatisticsPort;
import io.vertx.core.Future;

public final class CleanupStatisticsService implements ViewCleanupStatisticsUseCase {

    private final LoadCleanupTotalsPort totals;
    private final StorageStatisticsPort storage;

    public CleanupStatisticsService(LoadCleanupTotalsPort totals, StorageStatisticsPort storage) {
        this.totals = totals;
        this.storage = storage;
    }

    @Override
    public Future<CleanupTotals> cycles() {
        return totals.totals();
    }

    @Override
    public Future<StorageStatistics> storage() {
        return storage.statistics();
    }
}
