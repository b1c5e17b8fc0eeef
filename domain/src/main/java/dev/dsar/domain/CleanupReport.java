package dev.dsar.domain;

import java.util.Optional;

/**
 * What one cleanup cycle did (or, in a dry run, would have done).
 *
 * @param checked            completed exports past their retention that the cycle examined
 * @param filesDeleted       files of those expired exports deleted (a file already gone is not counted)
 * @param bytesFreed         bytes of every file deleted, all categories together
 * @param failedFilesDeleted files left by failed exports (partial files, or a file a failed request kept)
 * @param orphansDeleted     export files known to no request, past the orphan grace
 * @param staleRequeued      exports abandoned in processing (lease expired) put back to pending
 * @param staleFailed        exports abandoned in processing on their last attempt, marked failed
 * @param auditEventsPurged  audit events older than the audit retention (0 when none is configured)
 * @param errors             files or rows the cycle could not handle (each logged); the cycle went on
 * @param dryRun             nothing was changed; the counts say what would have been
 * @param retentionDays      whole days of retention the cycle applied
 * @param durationMs         wall time of the cycle
 * @param firstError         the first problem met, for operators: one line of at most {@value #MAX_ERROR_LENGTH}
 *                           characters; empty when there was none
 */
public record CleanupReport(
        long checked,
        long filesDeleted,
        long bytesFreed,
        long failedFilesDeleted,
        long orphansDeleted,
        long staleRequeued,
        long staleFailed,
        long auditEventsPurged,
        long errors,
        boolean dryRun,
        long retentionDays,
        long durationMs,
        Optional<String> firstError) {

    public static final int MAX_ERROR_LENGTH = 500;

    public CleanupReport {
        if (checked < 0 || filesDeleted < 0 || bytesFreed < 0 || failedFilesDeleted < 0 || orphansDeleted < 0
                || staleRequeued < 0 || staleFailed < 0 || auditEventsPurged < 0 || errors < 0 || retentionDays < 0
                || durationMs < 0) {
            throw new IllegalArgumentException("cleanup counts are never negative");
        }
        firstError = firstError == null ? Optional.empty()
                : firstError.map(error -> OperatorText.oneLine(error, "error", MAX_ERROR_LENGTH));
    }
}
