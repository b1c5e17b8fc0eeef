package dev.dsar.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Cleanup statistics over every cycle that ran, on every instance and across restarts. Dry runs are not
 * counted. The {@code last…} fields describe the most recent cycle: when it started, how long it took (empty
 * while it runs, or if it never finished) and its error (empty when it ended cleanly).
 */
public record CleanupTotals(
        long totalCycles,
        long expiredFilesRemoved,
        long failedFilesRemoved,
        long orphanedFilesRemoved,
        long bytesFreed,
        Optional<Instant> lastRun,
        Optional<Long> lastDurationMs,
        Optional<String> lastError) {
}
