package dev.dsar.application.port.out;

import dev.dsar.domain.StorageStatistics;
import io.vertx.core.Future;

/** Counts the export files in the export directory, on a worker thread. */
public interface StorageStatisticsPort {

    Future<StorageStatistics> statistics();
}
