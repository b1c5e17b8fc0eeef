package dev.dsar.adapters.http;

import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupTotals;
import dev.dsar.domain.StorageStatistics;
import io.vertx.core.json.JsonObject;

/** The JSON shapes of cleanup (contract §4 admin), shared by the admin API and the command line. */
public final class CleanupJson {

    private CleanupJson() {
    }

    /**
     * The contract's report keys, then {@code stale_failed}, {@code audit_events_purged} and {@code error} (the
     * first problem met, or null).
     */
    public static JsonObject report(CleanupReport report) {
        return new JsonObject()
                .put("checked", report.checked())
                .put("files_deleted", report.filesDeleted())
                .put("bytes_freed", report.bytesFreed())
                .put("failed_files_deleted", report.failedFilesDeleted())
                .put("orphans_deleted", report.orphansDeleted())
                .put("stale_requeued", report.staleRequeued())
                .put("errors", report.errors())
                .put("dry_run", report.dryRun())
                .put("retention_days", report.retentionDays())
                .put("duration_ms", report.durationMs())
                .put("stale_failed", report.staleFailed())
                .put("audit_events_purged", report.auditEventsPurged())
                .put("error", report.firstError().orElse(null));
    }

    /** {@code last_run}: when the last cycle started (ISO-8601 UTC), null if none ever ran. */
    public static JsonObject totals(CleanupTotals totals) {
        return new JsonObject()
                .put("total_cycles", totals.totalCycles())
                .put("expired_files_removed", totals.expiredFilesRemoved())
                .put("failed_files_removed", totals.failedFilesRemoved())
                .put("orphaned_files_removed", totals.orphanedFilesRemoved())
                .put("bytes_freed", totals.bytesFreed())
                .put("last_run", totals.lastRun().map(ExportJson::iso).orElse(null))
                .put("last_duration_ms", totals.lastDurationMs().orElse(null))
                .put("last_error", totals.lastError().orElse(null));
    }

    /** {@code oldest_file}/{@code newest_file}: modification times, ISO-8601 UTC; null when the directory holds none. */
    public static JsonObject storage(StorageStatistics storage) {
        return new JsonObject()
                .put("total_files", storage.totalFiles())
                .put("total_bytes", storage.totalBytes())
                .put("oldest_file", storage.oldestFile().map(ExportJson::iso).orElse(null))
                .put("newest_file", storage.newestFile().map(ExportJson::iso).orElse(null));
    }
}
