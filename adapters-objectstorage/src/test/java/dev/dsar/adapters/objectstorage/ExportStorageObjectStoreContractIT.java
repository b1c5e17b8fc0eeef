package dev.dsar.adapters.objectstorage;

import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.application.contract.ExportStorageContract;
import dev.dsar.application.port.out.ExportStoragePort.FileState;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The export storage's contract, held by the object store adapter against a real S3-compatible store. */
@ExtendWith(VertxExtension.class)
class ExportStorageObjectStoreContractIT extends ExportStorageContract<ExportStorageObjectStoreAdapter> {

    private static Vertx vertx;

    private ObjectStoreSettings settings;
    private ObjectStore store;
    private ExportStorageObjectStoreAdapter storage;

    @BeforeAll
    static void startVertx(Vertx given) {
        vertx = given;
    }

    @BeforeEach
    void connect() {
        settings = TestObjectStore.freshSettings();
        store = TestObjectStore.connect(settings);
        storage = new ExportStorageObjectStoreAdapter(vertx, store);
    }

    @AfterEach
    void clear() {
        TestObjectStore.clear(settings.prefix());
        store.close();
    }

    @Override
    protected ExportStorageObjectStoreAdapter storage() {
        return storage;
    }

    @Override
    protected Path directory() {
        throw new UnsupportedOperationException("an object store has no directory");
    }

    @Override
    protected String put(String fileName, int bytes) {
        String key = settings.prefix() + fileName;
        try (S3Client client = TestObjectStore.client()) {
            client.putObject(b -> b.bucket(settings.bucket()).key(key), RequestBody.fromBytes(new byte[bytes]));
        }
        return store.keys().location(key);
    }

    @Override
    protected FileState present(String storedPath, long bytes) {
        return new FileState.InStore(storedPath, bytes);
    }

    @Override
    protected String storedPath(String fileName) {
        return store.keys().location(settings.prefix() + fileName);
    }

    @Override
    protected String[] outside(String fileName) {
        String bucket = settings.bucket();
        return new String[] {
            "s3://" + bucket + "/" + fileName,                              // outside the prefix
            "s3://" + bucket + "/" + settings.prefix() + "sub/" + fileName, // below it
            "s3://" + bucket + "/" + settings.prefix() + "../" + fileName,  // climbing out
            "s3://other-bucket/" + settings.prefix() + fileName,            // another bucket
            "/var/lib/dsar/exports/" + fileName};                           // a file path
    }
}
