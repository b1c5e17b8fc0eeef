package dev.dsar.application.service;

import dev.dsar.application.port.out.CleanupLockPort;
import dev.dsar.application.port.out.CleanupMetricsPort;
import dev.dsar.application.port.out.ExportDirectoryScanPort;
import dev.dsar.application.port.out.ExportFileOwnersPort;
import dev.dsar.application.port.out.ExportFileRemovalPort;
import dev.dsar.application.port.out.LoadAbandonedExportsPort;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort;
import dev.dsar.application.port.out.PurgeAuditEventsPort;
import dev.dsar.application.port.out.RecordCleanupRunPort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionBatchPort;
import java.util.Objects;

/** Everything a cleanup cycle talks to, gathered so that wiring and tests name each port once. */
public record CleanupPorts(
        CleanupLockPort lock,
        RecordCleanupRunPort runs,
        LoadCleanupCandidatesPort candidates,
        StoreTransitionBatchPort transitions,
        ExportFileRemovalPort files,
        ExportDirectoryScanPort directory,
        ExportFileOwnersPort owners,
        LoadAbandonedExportsPort abandoned,
        RecoverAbandonedExports recovery,
        PurgeAuditEventsPort audit,
        CleanupMetricsPort metrics,
        SharedClockPort sharedClock) {

    public CleanupPorts {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(transitions, "transitions");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(owners, "owners");
        Objects.requireNonNull(abandoned, "abandoned");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(sharedClock, "sharedClock");
    }
}
