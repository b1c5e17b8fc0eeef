package dev.dsar.bootstrap;

import dev.dsar.application.port.out.CleanupLockPort;
import dev.dsar.application.port.out.ExportDirectoryScanPort;
import dev.dsar.application.port.out.ExportFileOwnersPort;
import dev.dsar.application.port.out.ExportFileRemovalPort;
import dev.dsar.application.port.out.LoadAbandonedExportsPort;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort;
import dev.dsar.application.port.out.PurgeAuditEventsPort;
import dev.dsar.application.port.out.RecordCleanupRunPort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionBatchPort;
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

/** Cleanup's use cases assembled from the adapters: the database, the export storage and the metrics. */
final class CleanupWiring {

    record Cleanup(RunCleanupUseCase run, ViewCleanupStatisticsUseCase statistics) {
    }

    private CleanupWiring() {
    }

    static Cleanup create(Vertx vertx, DsarConfig config, Clock clock, PostgresPersistence persistence,
                          StorageWiring storage, Observability observability) {
        // One adapter plays several roles: each is named here, so that the wiring reads by role, not position.
        CleanupPostgresAdapter ledger = persistence.cleanupCycles();
        DsarRequestPostgresAdapter requests = persistence.cleanupCycleRequests();
        CleanupLockPort lock = ledger;
        RecordCleanupRunPort runs = ledger;
        LoadCleanupCandidatesPort candidates = ledger;
        StoreTransitionBatchPort transitions = ledger;
        ExportFileOwnersPort owners = ledger;
        PurgeAuditEventsPort audit = ledger;
        ExportFileRemovalPort removal = storage.removal();
        ExportDirectoryScanPort scan = storage.scan();
        LoadAbandonedExportsPort abandoned = requests;
        SharedClockPort sharedClock = requests;
        RecoverAbandonedExports recovery = new RecoverAbandonedExports(abandoned, requests, sharedClock,
                storage.partials());
        CleanupPorts ports = new CleanupPorts(lock, runs, candidates, transitions, removal, scan, owners, abandoned,
                recovery, audit, new CleanupMetricsMicrometerAdapter(observability.registry()), sharedClock);
        CleanupSettings settings = new CleanupSettings(config.retention(), config.orphanGrace(),
                config.auditRetention(), config.instanceId());
        return new Cleanup(new CleanupService(ports, settings, clock), new CleanupStatisticsService(persistence.cleanup(), storage.statistics()));
    }
}
