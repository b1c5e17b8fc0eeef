package dev.dsar.application.port.in;

import dev.dsar.domain.StorageStatistics;
import dev.dsar.domain.CleanupTotals;
import io.vertx.core.Future;

/** Operators look at what cleanup has done and at what the export directory holds. */
public interface ViewCleanupStatisticsUseCase {

    /** Totals over every cycle recorded, all instances together. */
    Future<CleanupTotals> cycles();

    /** The export directory now (a scan on a worker thread; memory does not grow with the number of files). */
    Future<StorageStatistics> storage();
}
