package dev.dsar.adapters.filesystem;

import dev.dsar.application.port.out.ExportArchivePort;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.RemovePartialExportPort;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportFileName;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Export packages in the export directory, written on worker threads (never an event loop): each archive runs
 * its steps one after the other, in order, while other archives proceed in parallel. A disk fault fails the
 * step with a transient {@link ExportFault} that names the file, not its content. An attempt found abandoned
 * (its worker died) has its partial file removed by name, which {@link ZipPackageWriter} derives from the
 * request's reference and the attempt's start.
 */
public final class ExportArchiveFilesystemAdapter implements ExportArchivePort, RemovePartialExportPort {

    /**
     * Deflate level: for export JSON, 3 writes as fast as 1 with a slightly smaller file, and about twice as
     * fast as the default 6, whose file is only about a tenth smaller (docs/performance.md). Exports are
     * written once and kept for days at most.
     */
    public static final int DEFAULT_LEVEL = 3;

    private final Vertx vertx;
    private final ExportDirectory directory;
    private final int level;
    private final boolean csv;
    private final PackageSinks sinks;
    private final String where;

    /** Opens the destination of one package (blocking, on a worker thread). */
    @FunctionalInterface
    public interface PackageSinks {
        PackageSink open(ExportFileName name) throws IOException;
    }

    public ExportArchiveFilesystemAdapter(Vertx vertx, ExportDirectory directory) {
        this(vertx, directory, DEFAULT_LEVEL);
    }

    public ExportArchiveFilesystemAdapter(Vertx vertx, ExportDirectory directory, int level) {
        this(vertx, directory, level, false);
    }

    /** {@code csv}: each array section is also written as {@code {section}.csv} (DSAR_EXPORT_FORMATS). */
    public ExportArchiveFilesystemAdapter(Vertx vertx, ExportDirectory directory, int level, boolean csv) {
        this.vertx = vertx;
        this.directory = directory;
        this.level = level;
        this.csv = csv;
        this.sinks = null;
        this.where = directory.root().toString();
    }

    /**
     * The same packages streamed into another store (an object store's upload): {@code where} names that store
     * in faults. Partial packages there are not files: {@link #removePartial} refuses, the store's adapter removes
     * them. CSV spools, with {@code csv}, go to the system's temporary directory (owner-only, deleted once copied).
     */
    public static ExportArchivePort streamingInto(Vertx vertx, PackageSinks sinks, String where, boolean csv) {
        return new ExportArchiveFilesystemAdapter(vertx, sinks, where, csv);
    }

    private ExportArchiveFilesystemAdapter(Vertx vertx, PackageSinks sinks, String where, boolean csv) {
        this.vertx = vertx;
        this.directory = null;
        this.level = DEFAULT_LEVEL;
        this.csv = csv;
        this.sinks = sinks;
        this.where = where;
    }

    @Override
    public Future<ExportArchive> create(ExportFileName name) {
        return blocking(name, () -> sinks == null ? ZipPackageWriter.create(directory.root(), name, level, csv)
                : ZipPackageWriter.into(sinks.open(name), name, level, Path.of(System.getProperty("java.io.tmpdir")), csv))
                .map(Archive::new);
    }

    @Override
    public Future<FileRemoval> removePartial(ExportFileName partial) {
        if (!partial.temporary() || directory == null) {
            return Future.succeededFuture(new FileRemoval.Refused("not a partial export file name"));
        }
        return vertx.executeBlocking(() -> {
            Path part = directory.pathOf(partial);
            removeCsvSpools(part);
            return ExportCleanupFilesystemAdapter.removeRegularFile(part, false);
        }, false);
    }

    /**
     * A killed attempt's CSV spools ({@code {part}.{section}.csv}, beside its part: see {@link ZipPackageWriter}),
     * found by listing the directory for that prefix (the sections are not known here; recoveries are rare) and
     * removed like the part itself: regular files only, never following a link.
     */
    private void removeCsvSpools(Path part) throws IOException {
        String prefix = part.getFileName() + ".";
        try (DirectoryStream<Path> spools = Files.newDirectoryStream(directory.root(), entry -> {
            String name = entry.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".csv");
        })) {
            for (Path spool : spools) {
                ExportCleanupFilesystemAdapter.removeRegularFile(spool, false);
            }
        }
    }

    private <T> Future<T> blocking(ExportFileName name, Callable<T> step) {
        return vertx.executeBlocking(() -> {
            try {
                return step.call();
            } catch (IOException e) {
                throw ExportFault.transientFault("cannot write the export file " + name.asTemporary().fileName()
                        + " in " + where + ": " + describe(e));
            }
        }, false);
    }

    static String describe(IOException e) {
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return e.getClass().getSimpleName() + (reason == null ? "" : " (" + reason + ")");
    }

    /** One package; its steps are chained so that they run in order on the worker pool. */
    private final class Archive implements ExportArchive {
        private final ZipPackageWriter writer;
        private Future<?> last = Future.succeededFuture();

        Archive(ZipPackageWriter writer) {
            this.writer = writer;
        }

        private synchronized <T> Future<T> step(Callable<T> step) {
            Future<T> next = last.transform(previous -> previous.failed()
                    ? Future.failedFuture(previous.cause())
                    : blocking(writer.name(), step));
            last = next;
            return next;
        }

        @Override
        public Future<Void> beginSection(String section, boolean single) {
            return step(() -> {
                writer.beginSection(section, single);
                return null;
            });
        }

        @Override
        public Future<Void> writeRows(RowBatch rows) {
            return step(() -> {
                writer.writeRows(rows);
                return null;
            });
        }

        @Override
        public Future<PackagedFile> endSection() {
            return step(writer::endSection);
        }

        @Override
        public Future<ExportArtifact> finish(PackageDescription description) {
            return step(() -> writer.finish(description));
        }

        @Override
        public synchronized Future<Void> discard() {
            Future<Void> discarded = last.transform(previous -> vertx.executeBlocking(() -> {
                writer.discard();
                return null;
            }, false));
            last = discarded;
            return discarded.otherwiseEmpty();
        }
    }
}
