package dev.dsar.bootstrap.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.DsarService;
import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Three {@code serve} instances on one database and one bucket: each export generated once, every download
 * answered by any instance, each object deleted once by whichever cleanup cycle holds the lock.
 */
class ObjectStorageInstancesIT {

    private static final String PREFIX = "it-" + UUID.randomUUID() + "/";

    @RegisterExtension
    static final RunningService dsar = new RunningService()
            .withAll(TestObjectStore.serviceEnvironment(PREFIX))
            .with("DSAR_INSTANCE_ID", "instance-a");

    private static final List<DsarService> others = new ArrayList<>();

    @BeforeAll
    static void startTwoMoreInstances() {
        for (String name : List.of("instance-b", "instance-c")) {
            Map<String, String> env = new HashMap<>(TestObjectStore.serviceEnvironment(PREFIX));
            env.putAll(Map.of("DSAR_DATABASE_URL", dsar.database().uri(), "DSAR_JWT_SECRET", RunningService.SECRET,
                    "DSAR_HTTP_HOST", "127.0.0.1", "DSAR_HTTP_PORT", "0", "CLEANUP_ENABLED", "false",
                    "DSAR_EXPORT_WORKER_ENABLED", "false", "DSAR_INSTANCE_ID", name));
            others.add(DsarService.start(DsarConfig.from(env), dsar.clock()));
        }
    }

    @AfterAll
    static void stopThemAndClear() {
        others.forEach(DsarService::stop);
        TestObjectStore.clear(PREFIX);
    }

    @Test
    void eachExportIsGeneratedOnceServedByAnyInstanceAndDeletedOnce() throws Exception {
        List<DsarService> instances = List.of(dsar.service(), others.get(0), others.get(1));
        Map<ReferenceId, UserId> owners = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            UserId owner = dsar.newUser();
            HttpResponse<Buffer> created = dsar.client().post(instances.get(i % 3).port(), "127.0.0.1", "/api/dsar/requests")
                    .bearerTokenAuthentication(dsar.token(owner)).send().await();
            assertThat(created.statusCode()).isEqualTo(202);
            owners.put(new ReferenceId(new JsonObject(created.bodyAsString()).getJsonObject("request")
                    .getString("reference_id")), owner);
        }

        // All three workers claim at once, round after round, until none finds anything to do.
        boolean worked = true;
        while (worked) {
            List<Future<Boolean>> round = new ArrayList<>();
            for (DsarService instance : instances) {
                round.add(instance.components().generateExport().startNext().compose(started -> started.isEmpty()
                        ? Future.succeededFuture(false) : started.get().outcome().map(done -> true)));
            }
            worked = false;
            for (Future<Boolean> claimed : round) {
                worked |= claimed.await();
            }
        }

        try (S3Client s3 = TestObjectStore.client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(TestObjectStore.bucket()).prefix(PREFIX)).keyCount()).isEqualTo(9);
        }
        for (ReferenceId reference : owners.keySet()) {
            DsarRequest row = dsar.find(reference).orElseThrow();
            assertThat(row.status().code()).isEqualTo("completed");
            assertThat(row.attempts()).as("exported once").isOne();
            for (DsarService instance : instances) {
                HttpResponse<Buffer> redirect = dsar.client().get(instance.port(), "127.0.0.1", "/api/dsar/download/" + reference)
                        .bearerTokenAuthentication(dsar.token(owners.get(reference))).followRedirects(false).send().await();
                assertThat(redirect.statusCode()).isEqualTo(302);
                var fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(redirect.getHeader("Location")))
                        .build(), BodyHandlers.ofByteArray());
                assertThat(RunningService.sha256(fetched.body())).isEqualTo(row.exportSha256());
            }
        }

        Instant now = dsar.clock().instant();
        dsar.clock().set(now.plus(Duration.ofDays(31)));
        try {
            List<Future<CleanupOutcome>> cycles = new ArrayList<>();
            for (DsarService instance : instances) {
                cycles.add(instance.components().runCleanup().run(RunCleanupCommand.scheduled()));
            }
            long deleted = 0;
            long errors = 0;
            for (Future<CleanupOutcome> cycle : cycles) {
                if (cycle.await() instanceof CleanupOutcome.Ran ran) {
                    deleted += ran.report().filesDeleted();
                    errors += ran.report().errors();
                }
            }
            // A cycle that found the lock free after another finished sees nothing left to delete.
            assertThat(deleted).as("each object deleted once").isEqualTo(9);
            assertThat(errors).isZero();
            try (S3Client s3 = TestObjectStore.client()) {
                assertThat(s3.listObjectsV2(b -> b.bucket(TestObjectStore.bucket()).prefix(PREFIX)).keyCount()).isZero();
            }
            assertThat(owners.keySet()).allSatisfy(reference ->
                    assertThat(dsar.find(reference).map(r -> r.status().code())).isEqualTo(Optional.of("expired")));
        } finally {
            dsar.clock().set(now);
        }
    }
}
