package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.DsarService;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export directory on a 2 MiB tmpfs, an export several times larger: each attempt fails on a full disk,
 * removes its temporary file and is retried; the last one fails the request with the reason. Meanwhile and
 * afterwards the service answers, and a small export on the same disk completes. Needs root and a kernel that
 * lets it mount tmpfs; skipped otherwise.
 */
class DiskFullIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    private static final String SECRET = "disk-full-secret-0123456789-0123456789-0123";
    private static final long BIG_USER = 88;
    private static final long SMALL_USER = 89;

    @TempDir
    Path temp;

    @Test
    void aFullDiskFailsTheExportCleanlyAndTheServiceKeepsServing() throws Exception {
        Path mount = Files.createDirectory(temp.resolve("tmpfs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()) == 0,
                "disk-full scenario skipped: cannot mount a 2 MiB tmpfs (needs root and CAP_SYS_ADMIN)");
        try {
            exportOnAFullDisk(mount.resolve("exports"));
        } finally {
            assertThat(run("umount", mount.toString())).as("umount " + mount).isZero();
        }
    }

    private void exportOnAFullDisk(Path exports) throws Exception {
        // Some 30 MB of JSON, several MiB compressed: more than the disk holds.
        db.execute("INSERT INTO users (id, email, display_name, created_at) VALUES (" + BIG_USER
                + ", 'big@example.org', 'Big', now()), (" + SMALL_USER + ", 'small@example.org', 'Small', now());"
                + " INSERT INTO audit_logs (user_id, action, ip, details, created_at)"
                + " SELECT " + BIG_USER + ", 'action-' || i, '198.51.100.' || (i % 256),"
                + " jsonb_build_object('request_id', md5(i::text), 'n', i), now() FROM generate_series(1, 100000) i");
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Instant minted = clock.instant();
        DsarService service = DsarService.start(DsarConfig.from(Map.of("DSAR_DATABASE_URL", db.uri(),
                "EXPORT_STORAGE_PATH", exports.toString(), "DSAR_JWT_SECRET", SECRET, "DSAR_HTTP_HOST", "127.0.0.1",
                "DSAR_HTTP_PORT", "0", "CLEANUP_ENABLED", "false")), clock);
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(service.port()));
            JwtTokens tokens = new JwtTokens(vertx, new JwtSettings(SECRET, Optional.empty(), Optional.empty()));
            String big = tokens.mint(new UserId(BIG_USER), false, Duration.ofDays(1), minted);
            String small = tokens.mint(new UserId(SMALL_USER), false, Duration.ofDays(1), minted);
            Sql sql = new Sql(db.location());

            String reference = referenceOf(client.post("/api/dsar/requests").bearerTokenAuthentication(big).send().await());
            long started = System.nanoTime();
            String lastError = null;
            // Three attempts: the first at once, each next one once its back-off (30 s, then 2 min) is run out by hand:
            // its due time set to the start of the test, past for this instance's clock and the database's alike.
            for (int attempt = 1; attempt <= 3; attempt++) {
                int expected = attempt;
                Map<String, String> row = Deadline.awaitValue(Duration.ofSeconds(60), "attempt " + attempt + " failed", () -> {
                    Map<String, String> now = sql.rows("SELECT status, attempts, last_error FROM dsar_requests"
                            + " WHERE gdpr_reference_id = '" + reference + "'").get(0);
                    boolean settled = !"processing".equals(now.get("status")) && now.get("last_error") != null
                            && Integer.parseInt(now.get("attempts")) == expected;
                    return settled ? Optional.of(now) : Optional.empty();
                });
                assertThat(row.get("status")).isEqualTo(attempt < 3 ? "pending" : "failed");
                assertThat(row.get("last_error")).containsIgnoringCase("no space left");
                lastError = row.get("last_error");
                assertThat(ExportDirectoryCheck.list(exports)).as("nothing left on the disk after attempt " + attempt)
                        .isEmpty();
                HttpResponse<Buffer> health = client.get("/health").send().await();
                assertThat(health.statusCode()).isEqualTo(200);
                sql.execute("UPDATE dsar_requests SET next_attempt_at = '" + minted + "' WHERE gdpr_reference_id = '"
                        + reference + "' AND status = 'pending'");
            }
            long failedAfter = Deadline.millisSince(started);

            JsonObject failed = client.get("/api/dsar/requests/" + reference).bearerTokenAuthentication(big).send().await()
                    .bodyAsJsonObject().getJsonObject("request");
            assertThat(failed.getString("status")).isEqualTo("failed");
            assertThat(failed.getString("message")).isNotBlank();
            HttpResponse<Buffer> notReady = client.get("/api/dsar/download/" + reference).bearerTokenAuthentication(big)
                    .send().await();
            assertThat(notReady.statusCode()).isEqualTo(409);
            assertThat(notReady.bodyAsJsonObject().getString("status")).isEqualTo("failed");
            assertThat(sql.count("SELECT count(*) FROM dsar_audit_events WHERE gdpr_reference_id = '" + reference
                    + "' AND action = 'export_failed'")).isOne();

            // The space the failed attempts took is free again: a small export on the same disk completes.
            String smallReference = referenceOf(client.post("/api/dsar/requests").bearerTokenAuthentication(small).send()
                    .await());
            Deadline.await(Duration.ofSeconds(60), "the small export completed", () -> "completed".equals(sql.rows(
                    "SELECT status FROM dsar_requests WHERE gdpr_reference_id = '" + smallReference + "'").get(0).get("status")));
            HttpResponse<Buffer> download = client.get("/api/dsar/download/" + smallReference)
                    .bearerTokenAuthentication(small).send().await();
            assertThat(download.statusCode()).isEqualTo(200);
            List<Path> files = ExportDirectoryCheck.everyFinalFileIsAWholeExport(exports, sql).finalFiles();
            assertThat(files).hasSize(1);
            assertThat(download.body().length()).isEqualTo(Files.size(files.get(0)));
            System.out.printf("disk full: 3 attempts failed cleanly in %d ms (back-off run out by hand), last_error"
                            + " \"%s\"; files left after the failures 0; small export after it %d bytes%n", failedAfter,
                    lastError, Files.size(files.get(0)));
        } finally {
            service.stop();
            vertx.close().await();
        }
    }

    private static String referenceOf(HttpResponse<Buffer> answer) {
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
        return answer.bodyAsJsonObject().getJsonObject("request").getString("reference_id");
    }

    /** The command's exit code; -1 if it cannot be run at all (no such program) or hangs. */
    private static int run(String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException cannotRun) {
            return -1;
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
