package dev.dsar.adapters.objectstorage;

import dev.dsar.application.port.out.ExportFileRemovalPort;
import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.application.port.out.StoredExportFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Finished exports in the store: looked up (HEAD) and deleted on worker threads, in batches of up to
 * {@value #DELETE_BATCH} keys a DeleteObjects call. Only keys that {@link ObjectKeys} accepts are ever touched.
 * A fault of the store fails the lookup, and is the outcome of each object of a batch (never the batch's failure).
 */
public final class ExportStorageObjectStoreAdapter implements ExportStoragePort, ExportFileRemovalPort {

    static final int DELETE_BATCH = 1000;

    private final Vertx vertx;
    private final ObjectStore store;

    public ExportStorageObjectStoreAdapter(Vertx vertx, ObjectStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    @Override
    public Future<FileState> inspect(String storagePath) {
        ObjectKeys.Resolution resolution = store.keys().resolveStored(storagePath);
        if (resolution.key().isEmpty()) {
            return Future.succeededFuture(new FileState.Refused(resolution.refusal()));
        }
        String key = resolution.key().get();
        return blocking(() -> {
            try {
                return head(key).<FileState>map(head -> new FileState.InStore(storagePath, head.contentLength()))
                        .orElse(new FileState.Missing());
            } catch (SdkException e) {
                throw ObjectFaults.classify(e);
            }
        });
    }

    @Override
    public Future<Removal> delete(String storagePath) {
        return removeStored(List.of(storagePath), false).map(outcomes -> {
            FileRemoval outcome = outcomes.get(0);
            if (outcome instanceof FileRemoval.Removed removed) {
                return new Removal.Deleted(removed.bytes());
            }
            if (outcome instanceof FileRemoval.Refused refused) {
                return new Removal.Refused(refused.reason());
            }
            if (outcome instanceof FileRemoval.Failed failed) {
                throw new IllegalStateException(failed.reason());
            }
            return new Removal.AlreadyGone();
        });
    }

    @Override
    public Future<List<FileRemoval>> removeStored(List<String> storagePaths, boolean dryRun) {
        return blocking(() -> {
            FileRemoval[] outcomes = new FileRemoval[storagePaths.size()];
            Map<String, Integer> doomed = new HashMap<>();
            Map<Integer, Long> sizes = new HashMap<>();
            for (int i = 0; i < storagePaths.size(); i++) {
                ObjectKeys.Resolution resolution = store.keys().resolveStored(storagePaths.get(i));
                if (resolution.key().isEmpty()) {
                    outcomes[i] = new FileRemoval.Refused(resolution.refusal());
                    continue;
                }
                outcomes[i] = examine(resolution.key().get(), -1, null, i, doomed, sizes);
            }
            return finish(outcomes, doomed, sizes, dryRun);
        });
    }

    @Override
    public Future<List<FileRemoval>> removeUnchanged(List<StoredExportFile> files, boolean dryRun) {
        return blocking(() -> {
            FileRemoval[] outcomes = new FileRemoval[files.size()];
            Map<String, Integer> doomed = new HashMap<>();
            Map<Integer, Long> sizes = new HashMap<>();
            for (int i = 0; i < files.size(); i++) {
                StoredExportFile file = files.get(i);
                if (file.name().temporary()) {
                    outcomes[i] = PartialUploads.abort(store, file.name(), Optional.of(file.modifiedAt()), dryRun);
                    continue;
                }
                ObjectKeys.Resolution resolution = store.keys().resolveStored(file.storagePath());
                if (resolution.key().isEmpty()) {
                    outcomes[i] = new FileRemoval.Refused(resolution.refusal());
                    continue;
                }
                outcomes[i] = examine(resolution.key().get(), file.bytes(), file.modifiedAt(), i, doomed, sizes);
            }
            return finish(outcomes, doomed, sizes, dryRun);
        });
    }

    /** Null when the object is to be deleted (its index recorded), else its outcome already. */
    private FileRemoval examine(String key, long expectedBytes, java.time.Instant expectedModified, int index,
                                Map<String, Integer> doomed, Map<Integer, Long> sizes) {
        Optional<HeadObjectResponse> head;
        try {
            head = head(key);
        } catch (SdkException e) {
            return new FileRemoval.Failed(ObjectFaults.describe(e));
        }
        if (head.isEmpty()) {
            return new FileRemoval.AlreadyGone();
        }
        // Listings give milliseconds where some stores have them, HEAD's Last-Modified whole seconds.
        if (expectedModified != null && (head.get().contentLength() != expectedBytes
                || !head.get().lastModified().truncatedTo(ChronoUnit.SECONDS)
                        .equals(expectedModified.truncatedTo(ChronoUnit.SECONDS)))) {
            return new FileRemoval.Changed();
        }
        if (doomed.containsKey(key)) {
            return new FileRemoval.AlreadyGone();
        }
        doomed.put(key, index);
        sizes.put(index, head.get().contentLength());
        return null;
    }

    private List<FileRemoval> finish(FileRemoval[] outcomes, Map<String, Integer> doomed, Map<Integer, Long> sizes,
                                     boolean dryRun) {
        List<String> keys = new ArrayList<>(doomed.keySet());
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH));
            Map<String, String> errors = dryRun ? Map.of() : deleteObjects(batch);
            for (String key : batch) {
                int index = doomed.get(key);
                String error = errors.get(key);
                outcomes[index] = error == null ? new FileRemoval.Removed(sizes.get(index)) : new FileRemoval.Failed(error);
            }
        }
        return List.of(outcomes);
    }

    /** Deletes a batch; answers the keys that could not be deleted, with why. */
    private Map<String, String> deleteObjects(List<String> batch) {
        Map<String, String> errors = new HashMap<>();
        try {
            List<ObjectIdentifier> ids = batch.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            DeleteObjectsResponse response = store.client().deleteObjects(b -> b.bucket(store.keys().bucket())
                    .delete(d -> d.objects(ids).quiet(true)));
            for (S3Error error : response.errors()) {
                errors.put(error.key(), "object store refused the deletion: " + error.code());
            }
        } catch (SdkException e) {
            batch.forEach(key -> errors.put(key, ObjectFaults.describe(e)));
        }
        return errors;
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(store.client().headObject(b -> b.bucket(store.keys().bucket()).key(key)));
        } catch (SdkException e) {
            if (ObjectFaults.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }
}
