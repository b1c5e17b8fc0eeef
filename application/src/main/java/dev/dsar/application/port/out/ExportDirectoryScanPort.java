package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/**
 * Lists the export directory on worker threads, a batch at a time: only regular files directly inside it with
 * an export name; no symbolic link is followed, no subdirectory entered. The next batch is read only once
 * {@code onBatch}'s future has completed, so memory holds one batch whatever the number of files.
 */
public interface ExportDirectoryScanPort {

    /** Stops early when {@code onBatch} answers {@code false}; fails if it fails. */
    Future<Void> scan(int batchSize, Function<List<StoredExportFile>, Future<Boolean>> onBatch);
}
