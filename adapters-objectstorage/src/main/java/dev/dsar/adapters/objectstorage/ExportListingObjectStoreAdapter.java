package dev.dsar.adapters.objectstorage;

import dev.dsar.application.port.out.ExportDirectoryScanPort;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.RemovePartialExportPort;
import dev.dsar.application.port.out.StorageStatisticsPort;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.StorageStatistics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The prefix, listed on worker threads a page at a time: finished exports (objects directly under the prefix
 * with an export name) and then partial ones (incomplete multipart uploads, as {@code .zip.part} names started at
 * the upload's initiation). Nothing else under the prefix, and nothing outside it, is ever reported. Statistics
 * come from the store by the same listing.
 */
public final class ExportListingObjectStoreAdapter
        implements ExportDirectoryScanPort, StorageStatisticsPort, RemovePartialExportPort {

    private final Vertx vertx;
    private final ObjectStore store;

    public ExportListingObjectStoreAdapter(Vertx vertx, ObjectStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    @Override
    public Future<Void> scan(int batchSize, Function<List<StoredExportFile>, Future<Boolean>> onBatch) {
        Promise<Void> done = Promise.promise();
        page(Math.min(Math.max(batchSize, 1), 1000), null, onBatch, done);
        return done.future();
    }

    /** One page of objects, then the next once {@code onBatch} is done with it; the uploads come last. */
    private void page(int size, String token, Function<List<StoredExportFile>, Future<Boolean>> onBatch,
                      Promise<Void> done) {
        blocking(() -> {
            ListObjectsV2Response page = store.client().listObjectsV2(b -> b.bucket(store.keys().bucket())
                    .prefix(store.keys().prefix()).maxKeys(size).continuationToken(token));
            List<StoredExportFile> files = new ArrayList<>();
            for (S3Object object : page.contents()) {
                store.keys().recognise(object.key()).ifPresent(name -> files.add(new StoredExportFile(name,
                        store.keys().location(object.key()), object.size(), object.lastModified())));
            }
            return new Page(files, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
        }).compose(page -> (page.files().isEmpty() ? Future.succeededFuture(true) : onBatch.apply(page.files()))
                .map(goOn -> goOn ? page.next() : null))
                .onFailure(done::tryFail)
                .onSuccess(next -> {
                    if (next == null) {
                        done.tryComplete();
                    } else if (next.isPresent()) {
                        vertx.runOnContext(v -> page(size, next.get(), onBatch, done));
                    } else {
                        uploads(onBatch).onComplete(done);
                    }
                });
    }

    private record Page(List<StoredExportFile> files, String token) {
        /** Empty: the objects are listed (the uploads come next). */
        Optional<String> next() {
            return Optional.ofNullable(token);
        }
    }

    private Future<Void> uploads(Function<List<StoredExportFile>, Future<Boolean>> onBatch) {
        return blocking(() -> {
            List<StoredExportFile> partial = new ArrayList<>();
            for (MultipartUpload upload : PartialUploads.list(store, store.keys().prefix())) {
                store.keys().recognise(upload.key()).ifPresent(name -> partial.add(new StoredExportFile(
                        name.asTemporary(), store.keys().location(upload.key()) + ".part", 0, upload.initiated())));
            }
            return partial;
        }).compose(partial -> partial.isEmpty() ? Future.succeededFuture() : onBatch.apply(partial).mapEmpty());
    }

    @Override
    public Future<StorageStatistics> statistics() {
        List<Long> counts = new ArrayList<>(List.of(0L, 0L));
        Instant[] range = new Instant[2];
        return scan(1000, files -> {
            for (StoredExportFile file : files) {
                counts.set(0, counts.get(0) + 1);
                counts.set(1, counts.get(1) + file.bytes());
                if (range[0] == null || file.modifiedAt().isBefore(range[0])) {
                    range[0] = file.modifiedAt();
                }
                if (range[1] == null || file.modifiedAt().isAfter(range[1])) {
                    range[1] = file.modifiedAt();
                }
            }
            return Future.succeededFuture(true);
        }).map(done -> new StorageStatistics(counts.get(0), counts.get(1), Optional.ofNullable(range[0]),
                Optional.ofNullable(range[1])));
    }

    @Override
    public Future<FileRemoval> removePartial(ExportFileName partial) {
        if (!partial.temporary()) {
            return Future.succeededFuture(new FileRemoval.Refused("not a partial export name"));
        }
        return blocking(() -> PartialUploads.abort(store, partial.asFinal(), Optional.empty(), false));
    }

    /** On a worker thread; the store unreachable becomes {@code StorageUnavailable}, as everywhere in this adapter. */
    private <T> Future<T> blocking(java.util.concurrent.Callable<T> call) {
        return vertx.executeBlocking(() -> {
            try {
                return call.call();
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                throw ObjectFaults.classify(e);
            }
        }, false);
    }
}
