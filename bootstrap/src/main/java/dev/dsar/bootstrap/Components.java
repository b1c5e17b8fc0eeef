package dev.dsar.bootstrap;

import dev.dsar.adapters.filesystem.ExportDirectory;
import dev.dsar.adapters.filesystem.ExportStorageFilesystemAdapter;
import dev.dsar.adapters.http.metrics.Observability;
import dev.dsar.adapters.persistence.DsarRequestPostgresAdapter;
import dev.dsar.adapters.persistence.PostgresPersistence;
import dev.dsar.application.port.in.DownloadExportUseCase;
import dev.dsar.application.port.in.RequestExportUseCase;
import dev.dsar.application.port.in.RunCleanupUseCase;
import dev.dsar.application.port.in.ViewCleanupStatisticsUseCase;
import dev.dsar.application.port.in.ViewExportsUseCase;
import dev.dsar.application.port.out.DownloadReceiptPort;
import dev.dsar.application.service.DownloadExportService;
import dev.dsar.application.service.ExportExpiry;
import dev.dsar.application.service.RequestExportService;
import dev.dsar.application.service.ViewExportsService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The service assembled from its configuration: adapters connected to use cases. Built once per process
 * (by {@code serve} or a one-shot command) and shared by every verticle instance.
 */
public final class Components {

    static final int POOL_SIZE = 16;

    private final DsarConfig config;
    private final Clock clock;
    private final PostgresPersistence persistence;
    private final ExportDirectory exportDirectory;
    private final RequestExportUseCase requestExport;
    private final ViewExportsUseCase viewExports;
    private final DownloadExportUseCase downloadExport;
    private final Observability observability;
    private final CleanupWiring.Cleanup cleanup;

    private Components(Vertx vertx, DsarConfig config, Clock clock, ExportDirectory exportDirectory,
                       Observability observability) {
        this.config = config;
        this.observability = observability;
        this.clock = clock;
        this.exportDirectory = exportDirectory;
        this.persistence = PostgresPersistence.connect(vertx, config.database(), POOL_SIZE);
        DsarRequestPostgresAdapter requests = persistence.requests();
        ExportStorageFilesystemAdapter storage = new ExportStorageFilesystemAdapter(vertx, exportDirectory);
        DownloadReceiptPort receipts = (reference, owner, at) -> { };
        this.requestExport = new RequestExportService(requests, config.retention(), clock, new SecureRandom());
        this.viewExports = new ViewExportsService(requests, config.retention(), clock);
        this.downloadExport = new DownloadExportService(requests, storage, new ExportExpiry(storage, requests),
                receipts, config.retention(), clock);
        this.cleanup = CleanupWiring.create(vertx, config, clock, persistence, exportDirectory, observability);
    }

    /** Blocking (creates the export directory): call from the command line or a worker thread. */
    public static Components create(Vertx vertx, DsarConfig config, Clock clock) {
        return create(vertx, config, clock, new Observability());
    }

    /** With the metrics registry the Vert.x instance reports into ({@code serve}). */
    public static Components create(Vertx vertx, DsarConfig config, Clock clock, Observability observability) {
        ExportDirectory directory;
        try {
            directory = ExportDirectory.open(config.exportStoragePath());
        } catch (IOException e) {
            throw new UncheckedIOException("EXPORT_STORAGE_PATH: cannot use " + config.exportStoragePath()
                    + " as the export directory: " + e.getMessage(), e);
        }
        return new Components(vertx, config, clock, directory, observability);
    }

    public DsarConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public ExportDirectory exportDirectory() {
        return exportDirectory;
    }

    public RequestExportUseCase requestExport() {
        return requestExport;
    }

    public ViewExportsUseCase viewExports() {
        return viewExports;
    }

    public DownloadExportUseCase downloadExport() {
        return downloadExport;
    }

    public RunCleanupUseCase runCleanup() {
        return cleanup.run();
    }

    public ViewCleanupStatisticsUseCase cleanupStatistics() {
        return cleanup.statistics();
    }

    public Observability observability() {
        return observability;
    }

    public Future<Void> databaseCheck() {
        return persistence.ping();
    }

    public Future<Void> close() {
        return persistence.close();
    }
}
