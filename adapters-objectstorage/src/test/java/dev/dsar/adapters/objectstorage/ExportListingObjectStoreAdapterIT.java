package dev.dsar.adapters.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.StorageStatistics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Listing, statistics and cleanup's deletions, against a real S3-compatible store: never a key outside the prefix. */
@ExtendWith(VertxExtension.class)
class ExportListingObjectStoreAdapterIT {

    private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

    private ObjectStoreSettings settings;
    private ObjectStore store;
    private S3Client client;
    private ExportListingObjectStoreAdapter listing;
    private ExportStorageObjectStoreAdapter storage;
    private final List<String> outsideKeys = new ArrayList<>();

    @BeforeEach
    void connect(Vertx vertx) {
        settings = TestObjectStore.freshSettings();
        store = TestObjectStore.connect(settings);
        client = TestObjectStore.client();
        listing = new ExportListingObjectStoreAdapter(vertx, store);
        storage = new ExportStorageObjectStoreAdapter(vertx, store);
    }

    @AfterEach
    void clear() {
        TestObjectStore.clear(settings.prefix());
        outsideKeys.forEach(key -> client.deleteObject(b -> b.bucket(settings.bucket()).key(key)));
        client.close();
        store.close();
    }

    @Test
    void theScanReportsExportsDirectlyUnderThePrefixAndIncompleteUploadsAsPartialNamesAndNothingElse() {
        String first = put(name("REQ-a"), 3);
        put(name("REQ-b"), 4);
        putRaw(settings.prefix() + "notes.txt");
        putRaw(settings.prefix() + "sub/" + name("REQ-c").fileName());
        putOutside(name("REQ-d").fileName());
        String partialKey = store.keys().key(name("REQ-e"));
        client.createMultipartUpload(b -> b.bucket(settings.bucket()).key(partialKey));

        List<StoredExportFile> seen = scanAll(1);

        assertThat(seen).extracting(f -> f.name().fileName()).containsExactly(
                name("REQ-a").fileName(), name("REQ-b").fileName(), name("REQ-e").asTemporary().fileName());
        assertThat(seen.get(0).storagePath()).isEqualTo(first);
        assertThat(seen.get(0).bytes()).isEqualTo(3);
    }

    @Test
    void theScanStopsWhenTheBatchSaysSo() {
        put(name("REQ-a"), 1);
        put(name("REQ-b"), 1);
        List<StoredExportFile> seen = new ArrayList<>();

        listing.scan(1, files -> {
            seen.addAll(files);
            return Future.succeededFuture(false);
        }).await();

        assertThat(seen).hasSize(1);
    }

    @Test
    void statisticsCountTheExportsUnderThePrefix() {
        put(name("REQ-a"), 10);
        put(name("REQ-b"), 20);
        putOutside(name("REQ-c").fileName());

        StorageStatistics statistics = listing.statistics().await();

        assertThat(statistics.totalFiles()).isEqualTo(2);
        assertThat(statistics.totalBytes()).isEqualTo(30);
        assertThat(statistics.oldestFile()).isPresent();
    }

    @Test
    void unchangedExportsAreDeletedInOneBatchAndAChangedOneIsKept() {
        put(name("REQ-a"), 5);
        put(name("REQ-b"), 6);
        List<StoredExportFile> seen = scanAll(10);
        put(name("REQ-b"), 7); // rewritten since the scan

        List<FileRemoval> outcomes = storage.removeUnchanged(seen, false).await();

        assertThat(outcomes).containsExactly(new FileRemoval.Removed(5), new FileRemoval.Changed());
        assertThat(scanAll(10)).extracting(f -> f.name().fileName()).containsExactly(name("REQ-b").fileName());
    }

    @Test
    void aDryRunSaysWhatWouldGoAndDeletesNothing() {
        String path = put(name("REQ-a"), 5);

        assertThat(storage.removeStored(List.of(path), true).await()).containsExactly(new FileRemoval.Removed(5));
        assertThat(scanAll(10)).hasSize(1);
    }

    @Test
    void storedPathsAreDeletedAndAPathOutsideThePrefixIsRefusedAndKept() {
        String inside = put(name("REQ-a"), 5);
        String outside = putOutside(name("REQ-b").fileName());

        List<FileRemoval> outcomes = storage.removeStored(List.of(inside, outside, inside), false).await();

        assertThat(outcomes.get(0)).isEqualTo(new FileRemoval.Removed(5));
        assertThat(outcomes.get(1)).isInstanceOf(FileRemoval.Refused.class);
        assertThat(outcomes.get(2)).isEqualTo(new FileRemoval.AlreadyGone());
        assertThat(client.headObject(b -> b.bucket(settings.bucket()).key(outsideKeys.get(0))).contentLength()).isEqualTo(1);
    }

    @Test
    void anIncompleteUploadIsAbortedAsAPartialExport() {
        ExportFileName name = name("REQ-a");
        client.createMultipartUpload(b -> b.bucket(settings.bucket()).key(store.keys().key(name)));
        List<StoredExportFile> partial = scanAll(10);

        assertThat(storage.removeUnchanged(partial, false).await()).containsExactly(new FileRemoval.Removed(0));
        assertThat(scanAll(10)).isEmpty();
        assertThat(listing.removePartial(name.asTemporary()).await()).isEqualTo(new FileRemoval.AlreadyGone());
    }

    @Test
    void theUploadsOfOneExportAttemptAreAbortedByItsPartialName() {
        ExportFileName name = name("REQ-a");
        client.createMultipartUpload(b -> b.bucket(settings.bucket()).key(store.keys().key(name)));

        assertThat(listing.removePartial(name).await()).isInstanceOf(FileRemoval.Refused.class);
        assertThat(listing.removePartial(name.asTemporary()).await()).isEqualTo(new FileRemoval.Removed(0));
        assertThat(scanAll(10)).isEmpty();
    }

    @Test
    void aStoreThatCannotBeReachedIsEachObjectsFailureNotTheBatchs(Vertx vertx) {
        ObjectStoreSettings nowhere = new ObjectStoreSettings(java.util.Optional.of(java.net.URI.create("http://127.0.0.1:9")),
                TestObjectStore.REGION, settings.bucket(), settings.prefix(), true);
        try (ObjectStore unreachable = TestObjectStore.connect(nowhere)) {
            List<FileRemoval> outcomes = new ExportStorageObjectStoreAdapter(vertx, unreachable)
                    .removeStored(List.of(store.keys().location(name("REQ-a"))), false).await();
            assertThat(outcomes.get(0)).isInstanceOf(FileRemoval.Failed.class);
        }
    }

    private List<StoredExportFile> scanAll(int batch) {
        List<StoredExportFile> seen = new ArrayList<>();
        listing.scan(batch, files -> {
            seen.addAll(files);
            return Future.succeededFuture(true);
        }).await();
        return seen;
    }

    private static ExportFileName name(String reference) {
        return ExportFileName.of(new ReferenceId(reference), AT);
    }

    private String put(ExportFileName name, int bytes) {
        String key = store.keys().key(name);
        client.putObject(b -> b.bucket(settings.bucket()).key(key), RequestBody.fromBytes(new byte[bytes]));
        return store.keys().location(key);
    }

    private void putRaw(String key) {
        client.putObject(b -> b.bucket(settings.bucket()).key(key), RequestBody.fromBytes(new byte[1]));
    }

    private String putOutside(String fileName) {
        String key = "outside-" + settings.prefix() + fileName;
        outsideKeys.add(key);
        putRaw(key);
        return "s3://" + settings.bucket() + "/" + key;
    }
}
