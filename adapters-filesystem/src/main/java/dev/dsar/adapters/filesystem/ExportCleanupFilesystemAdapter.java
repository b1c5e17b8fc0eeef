package dev.dsar.adapters.filesystem;

import dev.dsar.domain.StorageStatistics;
import dev.dsar.application.port.out.ExportDirectoryScanPort;
import dev.dsar.application.port.out.ExportFileRemovalPort;
import dev.dsar.application.port.out.StorageStatisticsPort;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.ExportFileName;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export directory as cleanup sees it: listed a batch at a time, files deleted a few at a time, all on a
 * small pool of worker threads of its own so that a big cycle never takes the threads other work needs. Only
 * regular files directly inside the directory with an export name are ever listed or deleted: every check is
 * made without following symbolic links, and nothing below the directory is entered.
 */
public final class ExportCleanupFilesystemAdapter implements ExportDirectoryScanPort, ExportFileRemovalPort,
        StorageStatisticsPort {

    /**
     * Worker threads for cleanup: deletions of one batch run on this many at once. Unlinking is bound by the
     * latency of the file system journal, not by the CPU, so more threads than cores pay off (see
     * docs/performance.md).
     */
    static final int PARALLELISM = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ExportCleanupFilesystemAdapter.class);

    private final ExportDirectory directory;
    private final WorkerExecutor workers;

    public ExportCleanupFilesystemAdapter(Vertx vertx, ExportDirectory directory) {
        this.directory = directory;
        this.workers = vertx.createSharedWorkerExecutor("dsar-cleanup", PARALLELISM);
    }

    // ---- ExportDirectoryScanPort ----------------------------------------------------------------------------

    @Override
    public Future<Void> scan(int batchSize, Function<List<StoredExportFile>, Future<Boolean>> onBatch) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("a batch holds at least one file");
        }
        return blocking(() -> Files.newDirectoryStream(directory.root())).compose(stream -> {
            Promise<Void> done = Promise.promise();
            readBatches(stream.iterator(), batchSize, onBatch, done);
            return done.future().eventually(() -> blocking(() -> {
                stream.close();
                return null;
            }));
        });
    }

    /**
     * Reads a batch, hands it over, and once that is done reads the next: each round lets go of the previous one
     * (a chain of composed futures would hold every batch until the end of the directory).
     */
    private void readBatches(Iterator<Path> entries, int batchSize,
                             Function<List<StoredExportFile>, Future<Boolean>> onBatch, Promise<Void> done) {
        blocking(() -> nextBatch(entries, batchSize))
                .compose(batch -> batch.isEmpty() ? Future.succeededFuture(false)
                        : onBatch.apply(batch).map(goOn -> goOn && batch.size() == batchSize))
                .onSuccess(more -> {
                    if (more) {
                        readBatches(entries, batchSize, onBatch, done);
                    } else {
                        done.tryComplete();
                    }
                })
                .onFailure(done::tryFail);
    }

    /** Up to {@code batchSize} export files; fewer only at the end of the directory. */
    private List<StoredExportFile> nextBatch(Iterator<Path> entries, int batchSize) throws IOException {
        List<StoredExportFile> batch = new ArrayList<>(Math.min(batchSize, 1024));
        try {
            while (batch.size() < batchSize && entries.hasNext()) {
                exportFile(entries.next()).ifPresent(batch::add);
            }
        } catch (DirectoryIteratorException broken) {
            throw broken.getCause();
        }
        return batch;
    }

    /** The entry as an export file, if it is a regular file with an export name (and still there). */
    private Optional<StoredExportFile> exportFile(Path entry) throws IOException {
        Optional<ExportFileName> name = ExportFileName.recognise(entry.getFileName().toString());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException deletedMeanwhile) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            LOG.warn("export directory: {} is not a regular file (a link or a directory); left alone", name.get());
            return Optional.empty();
        }
        Path file = directory.pathOf(name.get());
        return Optional.of(new StoredExportFile(name.get(), file.toString(), attributes.size(),
                attributes.lastModifiedTime().toInstant()));
    }

    // ---- ExportFileRemovalPort ------------------------------------------------------------------------------

    @Override
    public Future<List<FileRemoval>> removeStored(List<String> storagePaths, boolean dryRun) {
        return inParallel(storagePaths, storagePath -> removeStoredNow(storagePath, dryRun));
    }

    @Override
    public Future<List<FileRemoval>> removeUnchanged(List<StoredExportFile> files, boolean dryRun) {
        return inParallel(files, file -> removeUnchangedNow(file, dryRun));
    }

    FileRemoval removeStoredNow(String storagePath, boolean dryRun) {
        ExportDirectory.Resolution resolution = directory.resolveStoredForDeletion(storagePath);
        if (resolution.file().isEmpty()) {
            return new FileRemoval.Refused(resolution.refusal());
        }
        return removeRegularFile(resolution.file().get(), dryRun);
    }

    /** Deletes {@code file} if it is a regular file, never following a symbolic link (also a recovered export's part). */
    static FileRemoval removeRegularFile(Path file, boolean dryRun) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return new FileRemoval.Refused("not a regular file");
            }
            return delete(file, attributes.size(), dryRun);
        } catch (NoSuchFileException gone) {
            return new FileRemoval.AlreadyGone();
        } catch (IOException | RuntimeException failed) {
            return failure(failed);
        }
    }

    FileRemoval removeUnchangedNow(StoredExportFile listed, boolean dryRun) {
        // The path is rebuilt from the recognised name: whatever the caller holds, only root + name is touched.
        Path file = directory.pathOf(listed.name());
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Instant modifiedAt = attributes.lastModifiedTime().toInstant();
            if (!attributes.isRegularFile() || attributes.size() != listed.bytes() || !modifiedAt.equals(listed.modifiedAt())) {
                return new FileRemoval.Changed();
            }
            return delete(file, attributes.size(), dryRun);
        } catch (NoSuchFileException gone) {
            return new FileRemoval.AlreadyGone();
        } catch (IOException | RuntimeException failed) {
            return failure(failed);
        }
    }

    private static FileRemoval delete(Path file, long bytes, boolean dryRun) throws IOException {
        if (dryRun) {
            return new FileRemoval.Removed(bytes);
        }
        try {
            Files.delete(file);
            return new FileRemoval.Removed(bytes);
        } catch (NoSuchFileException deletedMeanwhile) {
            return new FileRemoval.AlreadyGone();
        }
    }

    private static FileRemoval failure(Exception failed) {
        String message = failed.getMessage() == null ? "" : ": " + failed.getMessage();
        return new FileRemoval.Failed(failed.getClass().getSimpleName() + message);
    }

    /** Splits the batch into up to {@link #PARALLELISM} runs of neighbours, one per worker; answers in order. */
    private <T> Future<List<FileRemoval>> inParallel(List<T> items, Function<T, FileRemoval> removeNow) {
        if (items.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        int chunks = Math.min(PARALLELISM, items.size());
        int size = (items.size() + chunks - 1) / chunks;
        List<Future<List<FileRemoval>>> parts = new ArrayList<>(chunks);
        for (int from = 0; from < items.size(); from += size) {
            List<T> part = items.subList(from, Math.min(items.size(), from + size));
            parts.add(blocking(() -> {
                List<FileRemoval> outcomes = new ArrayList<>(part.size());
                for (T item : part) {
                    outcomes.add(removeNow.apply(item));
                }
                return outcomes;
            }));
        }
        Future<?> all = Future.all(parts);
        return all.map(done -> {
            List<FileRemoval> outcomes = new ArrayList<>(items.size());
            for (Future<List<FileRemoval>> part : parts) {
                outcomes.addAll(part.result());
            }
            return outcomes;
        });
    }

    // ---- StorageStatisticsPort ------------------------------------------------------------------------------

    @Override
    public Future<StorageStatistics> statistics() {
        return blocking(this::countNow);
    }

    StorageStatistics countNow() throws IOException {
        long files = 0;
        long bytes = 0;
        Instant oldest = null;
        Instant newest = null;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory.root())) {
            for (Path entry : stream) {
                Optional<StoredExportFile> file = exportFile(entry);
                if (file.isPresent()) {
                    files++;
                    bytes += file.get().bytes();
                    Instant modifiedAt = file.get().modifiedAt();
                    oldest = oldest == null || modifiedAt.isBefore(oldest) ? modifiedAt : oldest;
                    newest = newest == null || modifiedAt.isAfter(newest) ? modifiedAt : newest;
                }
            }
        } catch (DirectoryIteratorException broken) {
            throw broken.getCause();
        }
        return new StorageStatistics(files, bytes, Optional.ofNullable(oldest), Optional.ofNullable(newest));
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }
}
