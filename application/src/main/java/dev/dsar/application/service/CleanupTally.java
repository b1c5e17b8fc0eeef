package dev.dsar.application.service;

import dev.dsar.domain.CleanupReport;
import java.util.Optional;

/**
 * The counts of one cycle as it goes. Batches complete on whichever thread their I/O finished on, so every
 * method is synchronized.
 */
final class CleanupTally {

    private long checked;
    private long filesDeleted;
    private long bytesFreed;
    private long failedFilesDeleted;
    private long orphansDeleted;
    private long staleRequeued;
    private long staleFailed;
    private long auditEventsPurged;
    private long errors;
    private String firstError;

    synchronized void checked(long count) {
        checked += count;
    }

    synchronized void expiredFileDeleted(long bytes) {
        filesDeleted++;
        bytesFreed += bytes;
    }

    synchronized void failedFileDeleted(long bytes) {
        failedFilesDeleted++;
        bytesFreed += bytes;
    }

    synchronized void orphanDeleted(long bytes) {
        orphansDeleted++;
        bytesFreed += bytes;
    }

    synchronized void stale(long requeued, long failed) {
        staleRequeued += requeued;
        staleFailed += failed;
    }

    synchronized void auditEventsPurged(long count) {
        auditEventsPurged += count;
    }

    /** Counts an error; the first one is kept for the run record. */
    synchronized long error(String problem) {
        errors++;
        if (firstError == null) {
            firstError = problem;
        }
        return errors;
    }

    synchronized CleanupReport report(boolean dryRun, long retentionDays, long durationMs) {
        Optional<String> summary = Optional.ofNullable(firstError)
                .map(first -> errors == 1 ? first : errors + " errors, the first: " + first);
        return new CleanupReport(checked, filesDeleted, bytesFreed, failedFilesDeleted, orphansDeleted, staleRequeued,
                staleFailed, auditEventsPurged, errors, dryRun, retentionDays, durationMs, summary);
    }
}
