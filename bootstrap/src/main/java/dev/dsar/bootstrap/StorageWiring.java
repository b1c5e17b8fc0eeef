package dev.dsar.bootstrap;

import dev.dsar.adapters.filesystem.ExportArchiveFilesystemAdapter;
import dev.dsar.adapters.filesystem.ExportCleanupFilesystemAdapter;
import dev.dsar.adapters.filesystem.ExportDirectory;
import dev.dsar.adapters.filesystem.ExportStorageFilesystemAdapter;
import dev.dsar.adapters.filesystem.PackageSink;
import dev.dsar.adapters.http.RemoteExports;
import dev.dsar.adapters.objectstorage.ExportListingObjectStoreAdapter;
import dev.dsar.adapters.objectstorage.ExportStorageObjectStoreAdapter;
import dev.dsar.adapters.objectstorage.ObjectDownloads;
import dev.dsar.adapters.objectstorage.ObjectStore;
import dev.dsar.adapters.objectstorage.ObjectUpload;
import dev.dsar.adapters.objectstorage.ObjectUploads;
import dev.dsar.application.port.out.ExportArchivePort;
import dev.dsar.application.port.out.ExportDirectoryScanPort;
import dev.dsar.application.port.out.ExportFileRemovalPort;
import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.application.port.out.RemovePartialExportPort;
import dev.dsar.application.port.out.StorageStatisticsPort;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The export storage chosen by {@code DSAR_STORAGE}: the ports every use case needs from it, by role, from the
 * filesystem adapter or the object store adapter. The ZIP is written by the filesystem adapter's writer either
 * way; with an object store it streams into an upload ({@link PackageSink} over {@link ObjectUpload}).
 */
record StorageWiring(ExportStoragePort storage, ExportArchivePort archives, RemovePartialExportPort partials,
                     ExportFileRemovalPort removal, ExportDirectoryScanPort scan, StorageStatisticsPort statistics,
                     Optional<ExportDirectory> directory, Optional<RemoteExports> remote, String description,
                     Runnable close) {

    /** Blocking (creates the export directory): call from the command line or a worker thread. */
    static StorageWiring create(Vertx vertx, DsarConfig config, Clock clock) {
        StorageConfig storage = config.storage();
        if (storage.kind() == StorageConfig.Kind.S3) {
            return objectStore(vertx, storage, clock, config.exportCsv());
        }
        ExportDirectory directory;
        try {
            directory = ExportDirectory.open(config.exportStoragePath());
        } catch (IOException e) {
            throw new UncheckedIOException("EXPORT_STORAGE_PATH: cannot use " + config.exportStoragePath()
                    + " as the export directory: " + e.getMessage(), e);
        }
        ExportArchiveFilesystemAdapter archives = new ExportArchiveFilesystemAdapter(vertx, directory,
                ExportArchiveFilesystemAdapter.DEFAULT_LEVEL, config.exportCsv());
        ExportCleanupFilesystemAdapter files = new ExportCleanupFilesystemAdapter(vertx, directory);
        return new StorageWiring(new ExportStorageFilesystemAdapter(vertx, directory), archives, archives, files, files,
                files, Optional.of(directory), Optional.empty(), directory.root().toString(), () -> { });
    }

    private static StorageWiring objectStore(Vertx vertx, StorageConfig config, Clock clock, boolean csv) {
        ObjectStore store = ObjectStore.connect(config.objectStore().orElseThrow());
        ObjectUploads uploads = new ObjectUploads(store);
        ExportArchivePort archives = ExportArchiveFilesystemAdapter.streamingInto(vertx,
                name -> sink(uploads.open(name)), store.describe(), csv);
        ExportStorageObjectStoreAdapter objects = new ExportStorageObjectStoreAdapter(vertx, store);
        ExportListingObjectStoreAdapter listing = new ExportListingObjectStoreAdapter(vertx, store);
        ObjectDownloads downloads = new ObjectDownloads(store, config.presignTtl(), clock);
        RemoteExports remote = new RemoteExports() {
            @Override
            public Mode mode() {
                return config.download();
            }

            @Override
            public String urlFor(String storagePath, String fileName, Instant notAfter) {
                return downloads.presignedGet(storagePath, fileName, notAfter);
            }

            @Override
            public Optional<InputStream> open(String storagePath, long offset, long length) {
                return downloads.open(storagePath, offset, length);
            }
        };
        return new StorageWiring(objects, archives, listing, objects, listing, listing, Optional.empty(),
                Optional.of(remote), store.describe(), store::close);
    }

    /** The object store's upload seen as the ZIP writer's sink: the same three steps under the writer's names. */
    private static PackageSink sink(ObjectUpload upload) {
        return new PackageSink() {
            @Override
            public OutputStream stream() {
                return upload.stream();
            }

            @Override
            public String commit(long bytes, String sha256) throws IOException {
                return upload.complete(bytes, sha256);
            }

            @Override
            public void discard() {
                upload.abort();
            }
        };
    }
}
