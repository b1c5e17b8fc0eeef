package dev.dsar.bootstrap;

import dev.dsar.adapters.filesystem.ExportArchiveFilesystemAdapter;
import dev.dsar.adapters.filesystem.ExportCleanupFilesystemAdapter;
import dev.dsar.adapters.filesystem.ExportDirectory;
import dev.dsar.adapters.http.metrics.Observability;
import dev.dsar.adapters.metrics.CleanupMetricsMicrometerAdapter;
import dev.dsar.adapters.persistence.CleanupPostgresAdapter;
import dev.dsar.adapters.persistence.DsarRequestPostgresAdapter;
import dev.dsar.adapters.persistence.PostgresPersistence;
import dev.dsar.application.port.in.RunCleanupUseCase;
import dev.dsar.application.port.in.ViewCleanupStatisticsUseCase;
import dev.dsar.application.service.CleanupPorts;
import dev.dsar.application.service.CleanupService;
import dev.dsar.application.service.CleanupSettings;
import dev.dsar.application.service.CleanupStatisticsService;
import dev.dsar.application.service.RecoverAbandonedExports;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Cleanup's use cases assembled from the adapters: the database, the export directory and the metrics. */
final class CleanupWiring {

    record Cleanup(RunCleanupUseCase run, ViewCleanupStatisticsUseCase statistics) {
    }

    private CleanupWiring() {
    }

    static Cleanup create(Vertx vertx, DsarConfig config, Clock clock, PostgresPersistence persistence,
                          ExportDirectory directory, Observability observability) {
        DsarRequestPostgresAdapter requests = persistence.cleanupCycleRequests();
        CleanupPostgresAdapter database = persistence.cleanupCycles();
        ExportCleanupFilesystemAdapter files = new ExportCleanupFilesystemAdapter(vertx, directory);
        CleanupPorts ports = new CleanupPorts(database, database, database, database, files, files, database,
                requests, new RecoverAbandonedExports(requests, requests, requests,
                        new ExportArchiveFilesystemAdapter(vertx, directory)), database,
                new CleanupMetricsMicrometerAdapter(observability.registry()), requests);
        CleanupSettings settings = new CleanupSettings(config.retention(), config.orphanGrace(),
                config.auditRetention(), config.instanceId());
        return new Cleanup(new CleanupService(ports, settings, clock), new CleanupStatisticsService(persistence.cleanup(), files));
    }
}
