package dev.dsar.adapters.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

class ObjectUploadIT {

    private static final int PART = 5 * 1024 * 1024;
    private static final ExportFileName NAME = ExportFileName.of(new ReferenceId("REQ-upload-1"),
            Instant.parse("2026-03-04T05:06:07Z"));

    private ObjectStoreSettings settings;
    private ObjectStore store;
    private S3Client client;

    @BeforeEach
    void connect() {
        settings = TestObjectStore.freshSettings();
        store = TestObjectStore.connect(settings);
        client = TestObjectStore.client();
    }

    @AfterEach
    void clear() {
        TestObjectStore.clear(settings.prefix());
        client.close();
        store.close();
    }

    @Test
    void anExportLargerThanAPartIsUploadedInPartsAndAppearsOnlyWhenCompletedWithItsChecksum() throws Exception {
        byte[] content = new byte[2 * PART + 12345];
        new Random(7).nextBytes(content);
        ObjectUpload upload = new ObjectUploads(store, PART).open(NAME);

        write(upload.stream(), content);

        assertThat(objects()).isZero();
        assertThat(uploads()).isEqualTo(1);
        String location = upload.complete(content.length, sha256(content));

        String key = settings.prefix() + "dsar_REQ-upload-1_20260304_050607.zip";
        assertThat(location).isEqualTo("s3://" + settings.bucket() + "/" + key);
        ResponseBytes<GetObjectResponse> stored = client.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key));
        assertThat(stored.asByteArray()).isEqualTo(content);
        assertThat(stored.response().metadata()).containsEntry(ObjectUpload.SHA256, sha256(content));
        assertThat(uploads()).isZero();
    }

    @Test
    void anExportWithinOnePartIsPutWholeWithItsChecksum() throws Exception {
        byte[] content = "a small export".getBytes();
        ObjectUpload upload = new ObjectUploads(store, PART).open(NAME);
        write(upload.stream(), content);

        upload.complete(content.length, sha256(content));

        var head = client.headObject(b -> b.bucket(settings.bucket()).key(store.keys().key(NAME)));
        assertThat(head.contentLength()).isEqualTo(content.length);
        assertThat(head.metadata()).containsEntry(ObjectUpload.SHA256, sha256(content));
        assertThat(head.contentType()).isEqualTo("application/zip");
    }

    @Test
    void anAbortedUploadLeavesNeitherObjectNorIncompleteUpload() throws Exception {
        ObjectUpload upload = new ObjectUploads(store, PART).open(NAME);
        write(upload.stream(), new byte[PART + 1]);
        assertThat(uploads()).isEqualTo(1);

        upload.abort();

        assertThat(uploads()).isZero();
        assertThat(objects()).isZero();
    }

    @Test
    void aCompletedUploadThatIsAbortedIsDeleted() throws Exception {
        ObjectUpload upload = new ObjectUploads(store, PART).open(NAME);
        write(upload.stream(), new byte[10]);
        upload.complete(10, sha256(new byte[10]));

        upload.abort();

        assertThat(objects()).isZero();
    }

    @Test
    void anUnreachableStoreFailsTheWriteWithAnIOExceptionThatNamesNoContent() {
        ObjectStoreSettings nowhere = new ObjectStoreSettings(java.util.Optional.of(java.net.URI.create("http://127.0.0.1:9")),
                TestObjectStore.REGION, settings.bucket(), settings.prefix(), true);
        try (ObjectStore unreachable = TestObjectStore.connect(nowhere)) {
            ObjectUpload upload = new ObjectUploads(unreachable, PART).open(NAME);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> write(upload.stream(), new byte[PART]))
                    .isInstanceOf(IOException.class).hasMessageContaining("object store unreachable");
            upload.abort();
        }
    }

    private static void write(OutputStream stream, byte[] content) throws IOException {
        for (int at = 0; at < content.length; at += 65536) {
            stream.write(content, at, Math.min(65536, content.length - at));
        }
    }

    private int objects() {
        return client.listObjectsV2(b -> b.bucket(settings.bucket()).prefix(settings.prefix())).keyCount();
    }

    private int uploads() {
        return client.listMultipartUploads(b -> b.bucket(settings.bucket()).prefix(settings.prefix())).uploads().size();
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
