package dev.dsar.bootstrap.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The object store unreachable (nothing listens on its endpoint): an export is retried, then failed with a
 * {@code last_error} naming the store and leaves no object; a download answers a JSON 503; a cleanup cycle
 * records the error and leaves the expired export as it was, for the next cycle to delete; the admin's trigger answers 503.
 */
class ObjectStorageFaultsIT {

    private static final String PREFIX = "it-" + UUID.randomUUID() + "/";

    @RegisterExtension
    static final RunningService dsar = new RunningService().withAll(unreachable());

    private static Map<String, String> unreachable() {
        Map<String, String> env = new HashMap<>(TestObjectStore.serviceEnvironment(PREFIX));
        env.put("DSAR_S3_ENDPOINT", "http://127.0.0.1:9");
        return env;
    }

    @Test
    void anExportIsRetriedThenFailedWithTheStoreNamedAndLeavesNoObject() {
        UserId owner = dsar.newUser();
        HttpResponse<Buffer> created = dsar.post("/api/dsar/requests", dsar.token(owner), "");
        ReferenceId reference = new ReferenceId(new JsonObject(created.bodyAsString()).getJsonObject("request")
                .getString("reference_id"));

        List<String> outcomes = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            ExportOutcome outcome = dsar.service().components().generateExport().startNext().await().orElseThrow()
                    .outcome().await();
            outcomes.add(outcome.getClass().getSimpleName());
            dsar.database().execute("UPDATE dsar_requests SET next_attempt_at = clock_timestamp()"
                    + " WHERE gdpr_reference_id = '" + reference.value() + "'");
        }

        assertThat(outcomes).containsExactly("RetryScheduled", "RetryScheduled", "Failed");
        DsarRequest failed = dsar.find(reference).orElseThrow();
        assertThat(failed.status().code()).isEqualTo("failed");
        assertThat(failed.lastError()).contains("s3://" + TestObjectStore.bucket() + "/" + PREFIX)
                .contains("object store unreachable");
        try (var s3 = TestObjectStore.client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(TestObjectStore.bucket()).prefix(PREFIX)).keyCount()).isZero();
        }
    }

    @Test
    void aDownloadWhileTheStoreIsUnreachableAnswersAJson503() {
        UserId owner = dsar.newUser();
        ReferenceId reference = ReferenceId.generate(new java.security.SecureRandom());
        Instant now = dsar.clock().instant();
        String location = "s3://" + TestObjectStore.bucket() + "/" + PREFIX + ExportFileName.of(reference, now).fileName();
        DsarRequest pending = DsarRequest.submit(reference, owner, Actor.subject(owner), now);
        dsar.requests().insert(pending, AuditEvent.of(pending, AuditAction.REQUESTED, Actor.subject(owner), now)).await();
        DsarRequest processing = dsar.move(pending.claim("test-worker", now, Duration.ofMinutes(5)).request(),
                AuditAction.EXPORT_STARTED);
        dsar.move(processing.complete("test-worker", new ExportArtifact(location, 10, "0".repeat(64)), now).request(),
                AuditAction.EXPORT_COMPLETED);

        HttpResponse<Buffer> response = dsar.get("/api/dsar/download/" + reference, dsar.token(owner));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.bodyAsJsonObject().getBoolean("ok")).isFalse();
        assertThat(response.getHeader("Retry-After")).isNotNull();
    }

    @Test
    void aCleanupCycleWhileTheStoreIsUnreachableRecordsTheErrorAndChangesNothing() {
        UserId owner = dsar.newUser();
        ReferenceId reference = ReferenceId.generate(new java.security.SecureRandom());
        Instant longAgo = dsar.clock().instant().minus(Duration.ofDays(40));
        String location = "s3://" + TestObjectStore.bucket() + "/" + PREFIX + ExportFileName.of(reference, longAgo).fileName();
        DsarRequest pending = DsarRequest.submit(reference, owner, Actor.subject(owner), longAgo);
        dsar.requests().insert(pending, AuditEvent.of(pending, AuditAction.REQUESTED, Actor.subject(owner), longAgo)).await();
        DsarRequest processing = dsar.move(pending.claim("test-worker", longAgo, Duration.ofMinutes(5)).request(),
                AuditAction.EXPORT_STARTED);
        dsar.move(processing.complete("test-worker", new ExportArtifact(location, 10, "0".repeat(64)), longAgo).request(),
                AuditAction.EXPORT_COMPLETED);

        HttpResponse<Buffer> cycle = dsar.post("/api/admin/dsar/cleanup", dsar.adminToken(dsar.newUser()), "");

        assertThat(cycle.statusCode()).as(cycle.bodyAsString()).isEqualTo(503);
        assertThat(cycle.bodyAsJsonObject().getString("error")).isEqualTo("Service unavailable");
        assertThat(cycle.getHeader("Retry-After")).isNotNull();
        DsarRequest after = dsar.find(reference).orElseThrow();
        assertThat(after.status().code()).as("left for the next cycle").isEqualTo("completed");
        assertThat(after.storagePath()).isEqualTo(location);
    }
}
