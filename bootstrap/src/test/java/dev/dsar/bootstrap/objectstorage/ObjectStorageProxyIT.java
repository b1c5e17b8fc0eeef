package dev.dsar.bootstrap.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code DSAR_S3_DOWNLOAD=proxy}: the service streams the object itself, with the headers, ranges and errors of §4. */
class ObjectStorageProxyIT {

    private static final String PREFIX = "it-" + UUID.randomUUID() + "/";

    @RegisterExtension
    static final RunningService dsar = new RunningService()
            .withAll(TestObjectStore.serviceEnvironment(PREFIX))
            .with("DSAR_S3_DOWNLOAD", "proxy");

    @AfterAll
    static void clear() {
        TestObjectStore.clear(PREFIX);
    }

    @Test
    void theWholeExportIsStreamedWithItsHeadersAndTheDownloadIsComplete() {
        UserId owner = dsar.newUser();
        ReferenceId reference = exported(owner);
        byte[] stored = object(reference);

        HttpResponse<Buffer> response = download(reference, owner, HttpMethod.GET, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().getBytes()).isEqualTo(stored);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/zip");
        assertThat(response.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"dsar-" + reference + ".zip\"");
        assertThat(response.getHeader("ETag")).isEqualTo("\"" + RunningService.sha256(stored) + "\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void aRangeIsReadFromTheStoreAndAnsweredWith206() {
        UserId owner = dsar.newUser();
        ReferenceId reference = exported(owner);
        byte[] stored = object(reference);

        HttpResponse<Buffer> response = download(reference, owner, HttpMethod.GET, "bytes=10-99");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.getHeader("Content-Range")).isEqualTo("bytes 10-99/" + stored.length);
        assertThat(response.body().getBytes()).isEqualTo(Arrays.copyOfRange(stored, 10, 100));
        assertThat(download(reference, owner, HttpMethod.GET, "bytes=" + stored.length + "-").statusCode()).isEqualTo(416);
    }

    @Test
    void headAnswersTheSizeWithoutABodyAndIfNoneMatchAnswers304() {
        UserId owner = dsar.newUser();
        ReferenceId reference = exported(owner);
        byte[] stored = object(reference);

        HttpResponse<Buffer> head = download(reference, owner, HttpMethod.HEAD, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.getHeader("Content-Length")).isEqualTo(Integer.toString(stored.length));

        HttpResponse<Buffer> notModified = dsar.request(HttpMethod.GET, "/api/dsar/download/" + reference, dsar.token(owner))
                .putHeader("If-None-Match", "\"" + RunningService.sha256(stored) + "\"").send().await();
        assertThat(notModified.statusCode()).isEqualTo(304);
    }

    @Test
    void anObjectDeletedBehindTheServicesBackAnswersAJson500() {
        UserId owner = dsar.newUser();
        ReferenceId reference = exported(owner);
        download(reference, owner, HttpMethod.HEAD, null); // the decision is remembered
        try (S3Client s3 = TestObjectStore.client()) {
            s3.deleteObject(b -> b.bucket(TestObjectStore.bucket()).key(key(reference)));
        }

        HttpResponse<Buffer> response = download(reference, owner, HttpMethod.GET, null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("File not available");
    }

    private static HttpResponse<Buffer> download(ReferenceId reference, UserId owner, HttpMethod method, String range) {
        var request = dsar.request(method, "/api/dsar/download/" + reference, dsar.token(owner)).followRedirects(false);
        if (range != null) {
            request.putHeader("Range", range);
        }
        return request.send().await();
    }

    private static ReferenceId exported(UserId owner) {
        return StoredExports.exported(dsar, owner);
    }

    private static String key(ReferenceId reference) {
        return StoredExports.key(dsar, reference);
    }

    private static byte[] object(ReferenceId reference) {
        try (S3Client s3 = TestObjectStore.client()) {
            return s3.getObjectAsBytes(b -> b.bucket(TestObjectStore.bucket()).key(key(reference))).asByteArray();
        }
    }
}
