package dev.dsar.bootstrap.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.objectstorage.ObjectUpload;
import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code DSAR_STORAGE=s3} end to end against a real S3-compatible store: a request exported into the bucket, a
 * download answered with a redirect to a presigned URL that an HTTP client follows, expiry (410, the object
 * deleted on access) and cleanup deleting expired objects.
 */
class ObjectStorageRedirectIT {

    private static final String PREFIX = "it-" + UUID.randomUUID() + "/";

    @RegisterExtension
    static final RunningService dsar = new RunningService()
            .withAll(TestObjectStore.serviceEnvironment(PREFIX))
            .with("DSAR_S3_PRESIGN_TTL", "PT2M");

    private final HttpClient follower = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterAll
    static void clear() {
        TestObjectStore.clear(PREFIX);
    }

    @Test
    void anExportIsWrittenToTheBucketAndItsDownloadRedirectsToAPresignedUrlThatServesTheFile() throws Exception {
        UserId owner = dsar.newUser();
        ReferenceId reference = exported(owner);
        DsarRequest row = dsar.find(reference).orElseThrow();
        String key = row.storagePath().substring(("s3://" + TestObjectStore.bucket() + "/").length());
        assertThat(row.storagePath()).startsWith("s3://" + TestObjectStore.bucket() + "/" + PREFIX + "dsar_" + reference.value() + "_");
        try (S3Client s3 = TestObjectStore.client()) {
            assertThat(s3.headObject(b -> b.bucket(TestObjectStore.bucket()).key(key)).metadata())
                    .containsEntry(ObjectUpload.SHA256, row.exportSha256());
        }

        HttpResponse<Buffer> redirect = download(reference, dsar.token(owner), HttpMethod.GET);

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.getHeader("Cache-Control")).isEqualTo("no-store");
        String location = redirect.getHeader("Location");
        assertThat(location).contains("X-Amz-Signature=").contains("X-Amz-Expires=120");
        var fetched = follower.send(HttpRequest.newBuilder(URI.create(location)).build(), BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(RunningService.sha256(fetched.body())).isEqualTo(row.exportSha256());
        assertThat(fetched.headers().firstValue("Content-Disposition").orElseThrow()).contains("dsar-" + reference + ".zip");
        assertThat(fetched.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void anotherUserGets404AndAnUnfinishedExport409AsWithFiles() {
        UserId owner = dsar.newUser();
        ReferenceId reference = exported(owner);

        assertThat(download(reference, dsar.token(dsar.newUser()), HttpMethod.GET).statusCode()).isEqualTo(404);
        DsarRequest unfinished = dsar.requestIn(dsar.newUser(), dev.dsar.domain.DsarStatus.PROCESSING);
        assertThat(download(unfinished.reference(), dsar.token(unfinished.userId()), HttpMethod.GET).statusCode())
                .isEqualTo(409);
    }

    @Test
    void thePresignedUrlNeverOutlivesTheExport() {
        UserId owner = dsar.newUser();
        ReferenceId reference = exported(owner);
        Instant expiresAt = dsar.find(reference).orElseThrow().completedAt().plus(Duration.ofDays(30));
        String token = dsar.token(owner);
        dsar.clock().set(expiresAt.minusSeconds(30));
        try {
            HttpResponse<Buffer> redirect = download(reference, token, HttpMethod.GET);
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.getHeader("Location")).contains("X-Amz-Expires=30");
        } finally {
            dsar.clock().set(expiresAt.minus(Duration.ofDays(30)));
        }
    }

    @Test
    void aMissingObjectAnswers500AndAnExpiredExportAnswers410AndItsObjectIsDeleted() {
        UserId owner = dsar.newUser();
        ReferenceId gone = exported(owner);
        String goneKey = key(gone);
        try (S3Client s3 = TestObjectStore.client()) {
            s3.deleteObject(b -> b.bucket(TestObjectStore.bucket()).key(goneKey));
        }
        assertThat(download(gone, dsar.token(owner), HttpMethod.GET).statusCode()).isEqualTo(500);

        ReferenceId expiring = exported(owner);
        String expiringKey = key(expiring);
        Instant now = dsar.clock().instant();
        String token = dsar.token(owner);
        dsar.clock().set(now.plus(Duration.ofDays(31)));
        try {
            HttpResponse<Buffer> expired = download(expiring, token, HttpMethod.GET);
            assertThat(expired.statusCode()).isEqualTo(410);
            assertThat(expired.bodyAsJsonObject().getString("error")).isEqualTo("Export expired");
            assertThat(objectExists(expiringKey)).isFalse();
        } finally {
            dsar.clock().set(now);
        }
    }

    @Test
    void cleanupDeletesExpiredObjectsAndNeverAKeyOutsideThePrefix() {
        UserId owner = dsar.newUser();
        ReferenceId first = exported(owner);
        ReferenceId second = exported(dsar.newUser());
        String firstKey = key(first);
        String secondKey = key(second);
        String outside = "outside-" + PREFIX + firstKey.substring(PREFIX.length());
        try (S3Client s3 = TestObjectStore.client()) {
            s3.putObject(b -> b.bucket(TestObjectStore.bucket()).key(outside),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("not ours"));
        }
        Instant now = dsar.clock().instant();
        dsar.clock().set(now.plus(Duration.ofDays(31)));
        try {
            CleanupOutcome dry = dsar.service().components().runCleanup()
                    .run(RunCleanupCommand.fromCommandLine(true, java.util.Optional.empty())).await();
            assertThat(dry).isInstanceOf(CleanupOutcome.Ran.class);
            assertThat(objectExists(firstKey)).isTrue();

            CleanupOutcome ran = dsar.service().components().runCleanup().run(RunCleanupCommand.scheduled()).await();

            assertThat(ran).isInstanceOf(CleanupOutcome.Ran.class);
            assertThat(((CleanupOutcome.Ran) ran).report().errors()).isZero();
            assertThat(objectExists(firstKey)).isFalse();
            assertThat(objectExists(secondKey)).isFalse();
            assertThat(objectExists(outside)).isTrue();
            assertThat(dsar.find(first).orElseThrow().status().code()).isEqualTo("expired");
        } finally {
            dsar.clock().set(now);
            try (S3Client s3 = TestObjectStore.client()) {
                s3.deleteObject(b -> b.bucket(TestObjectStore.bucket()).key(outside));
            }
        }
    }

    @Test
    void cleanupAbortsAnIncompleteUploadNoRequestOwnsOnceTheOrphanGraceHasPassed() {
        String key = PREFIX + dev.dsar.domain.ExportFileName.of(new ReferenceId("GDPR-NOBODY-" + UUID.randomUUID()
                .toString().substring(0, 8).toUpperCase()), dsar.clock().instant()).fileName();
        try (S3Client s3 = TestObjectStore.client()) {
            s3.createMultipartUpload(b -> b.bucket(TestObjectStore.bucket()).key(key));
        }
        CleanupOutcome early = dsar.service().components().runCleanup().run(RunCleanupCommand.scheduled()).await();
        assertThat(early).isInstanceOf(CleanupOutcome.Ran.class);
        assertThat(uploads(key)).as("within the orphan grace").isOne();

        Instant now = dsar.clock().instant();
        dsar.clock().set(now.plus(Duration.ofHours(2)));
        try {
            CleanupOutcome ran = dsar.service().components().runCleanup().run(RunCleanupCommand.scheduled()).await();
            assertThat(ran).isInstanceOf(CleanupOutcome.Ran.class);
            assertThat(((CleanupOutcome.Ran) ran).report().errors()).isZero();
            assertThat(uploads(key)).isZero();
        } finally {
            dsar.clock().set(now);
        }
    }

    private static int uploads(String key) {
        try (S3Client s3 = TestObjectStore.client()) {
            return s3.listMultipartUploads(b -> b.bucket(TestObjectStore.bucket()).prefix(key)).uploads().size();
        }
    }

    private static ReferenceId exported(UserId owner) {
        return StoredExports.exported(dsar, owner);
    }

    private static String key(ReferenceId reference) {
        return StoredExports.key(dsar, reference);
    }

    private static boolean objectExists(String key) {
        try (S3Client s3 = TestObjectStore.client()) {
            return s3.listObjectsV2(b -> b.bucket(TestObjectStore.bucket()).prefix(key)).keyCount() > 0;
        }
    }

    private static HttpResponse<Buffer> download(ReferenceId reference, String token, HttpMethod method) {
        return dsar.request(method, "/api/dsar/download/" + reference, token).followRedirects(false).send().await();
    }
}
