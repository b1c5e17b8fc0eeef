package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.util.List;

/**
 * Deletes export files in batches on worker threads (a few at a time), never following a symbolic link and
 * never touching anything but a regular file directly inside the export directory with an export name. With
 * {@code dryRun} nothing is deleted and the outcomes say what would have been. One outcome per input, in order;
 * a problem with one file is its outcome, not a failure of the batch.
 */
public interface ExportFileRemovalPort {

    /** Files named by requests' stored paths; a path that is not an export file inside the directory is refused. */
    Future<List<FileRemoval>> removeStored(List<String> storagePaths, boolean dryRun);

    /** Files found by a scan, deleted only if they are still what the scan saw (same size and modification time). */
    Future<List<FileRemoval>> removeUnchanged(List<StoredExportFile> files, boolean dryRun);

    sealed interface FileRemoval {
        /** Deleted (or, in a dry run, would be). */
        record Removed(long bytes) implements FileRemoval {
        }

        record AlreadyGone() implements FileRemoval {
        }

        /** Left alone: it changed since it was listed. */
        record Changed() implements FileRemoval {
        }

        /** Never to be touched: outside the directory, not an export name, not a regular file. */
        record Refused(String reason) implements FileRemoval {
        }

        /** The deletion itself failed (permissions, I/O error). */
        record Failed(String reason) implements FileRemoval {
        }
    }
}
