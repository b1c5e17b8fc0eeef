package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.DsarService;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three service instances on one database and one export directory, each with its export worker, requests
 * spread over all three; then the clock moves past retention and all three are asked for a cleanup cycle at
 * once, three times, while expired exports are being downloaded. Every export is generated once and every expired file
 * is deleted once, by exactly one of them; nothing within retention is touched.
 */
class ThreeInstancesIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    private static final String SECRET = "three-instances-secret-0123456789-0123456789";
    private static final int USERS = 60;
    private static final int LATE = 9;
    private static final long FIRST_USER = 3_000;

    @TempDir
    Path exports;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    /** Tokens are minted at the start: their issue time must not lie ahead of the real clock either. */
    private final Instant minted = clock.instant();
    private final List<DsarService> instances = new ArrayList<>();
    private Vertx vertx;

    @AfterEach
    void stopEverything() {
        for (DsarService instance : instances) {
            instance.stop();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void eachExportIsGeneratedOnceAndEachExpiredFileDeletedOnceAcrossThreeInstances() {
        db.execute("INSERT INTO users (id, email, display_name, created_at) SELECT " + FIRST_USER + " + i,"
                + " 'user' || i || '@example.org', 'User ' || i, now() FROM generate_series(0, " + (USERS + LATE) + ") i;"
                + " INSERT INTO audit_logs (user_id, action, ip, details, created_at) SELECT " + FIRST_USER
                + " + (i % " + (USERS + LATE) + "), 'action ' || i, '192.0.2.1', '{}', now() FROM generate_series(1, 20000) i");
        for (String name : List.of("instance-a", "instance-b", "instance-c")) {
            instances.add(DsarService.start(DsarConfig.from(Map.of("DSAR_DATABASE_URL", db.uri(),
                    "EXPORT_STORAGE_PATH", exports.toString(), "DSAR_JWT_SECRET", SECRET, "DSAR_HTTP_HOST", "127.0.0.1",
                    "DSAR_HTTP_PORT", "0", "DSAR_INSTANCE_ID", name, "CLEANUP_ENABLED", "false")), clock));
        }
        vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(), new PoolOptions().setHttp1MaxSize(16));
        JwtTokens tokens = new JwtTokens(vertx, new JwtSettings(SECRET, java.util.Optional.empty(), java.util.Optional.empty()));
        String admin = tokens.mint(new UserId(1), true, Duration.ofDays(365), minted);

        List<String> references = request(client, tokens, 0, USERS);
        Deadline.await(Duration.ofSeconds(90), USERS + " exports completed", () -> completed() == USERS);

        Sql sql = new Sql(db.location());
        assertThat(ExportDirectoryCheck.everyFinalFileIsAWholeExport(exports, sql).finalFiles()).hasSize(USERS);
        assertThat(sql.rows("SELECT gdpr_reference_id FROM dsar_requests WHERE attempts <> 1")).as("attempts").isEmpty();
        for (String action : List.of("export_started", "export_completed")) {
            assertThat(sql.rows("SELECT gdpr_reference_id FROM dsar_audit_events WHERE action = '" + action + "'"
                    + " GROUP BY gdpr_reference_id HAVING count(*) <> 1")).as(action + " more than once").isEmpty();
            assertThat(sql.count("SELECT count(*) FROM dsar_audit_events WHERE action = '" + action + "'")).isEqualTo(USERS);
        }
        List<Map<String, String>> workers = sql.rows("SELECT actor, count(*) AS n FROM dsar_audit_events"
                + " WHERE action = 'export_completed' GROUP BY actor ORDER BY actor");

        clock.advance(Duration.ofDays(31));
        // Exports completed after the move are within retention: nothing may delete them.
        List<String> late = request(client, tokens, USERS, LATE);
        Deadline.await(Duration.ofSeconds(60), "the late exports completed", () -> completed() == USERS + LATE);

        // All three are asked for a cycle at once, while the expired exports are downloaded (deleted on access).
        // Periodic cycles stay off: stopping an instance while its timer's cycle runs ends in an uncaught
        // RejectedExecutionException on a cleanup thread, noise this test would print.
        int busy = 0;
        int ran = 0;
        for (int round = 0; round < 3; round++) {
            List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
            for (DsarService instance : instances) {
                answers.add(client.post(instance.port(), "127.0.0.1", "/api/admin/dsar/cleanup").bearerTokenAuthentication(admin)
                        .sendBuffer(Buffer.buffer("{\"dry_run\":false}")));
            }
            for (int i = 0; i < references.size(); i += 3) {
                answers.add(client.request(HttpMethod.GET, port(i), "127.0.0.1", "/api/dsar/download/" + references.get(i))
                        .bearerTokenAuthentication(tokens.mint(new UserId(FIRST_USER + i), false, Duration.ofDays(365),
                                minted)).send());
            }
            for (HttpResponse<Buffer> answer : Future.all(answers).await().<HttpResponse<Buffer>>list()) {
                assertThat(answer.getHeader("Content-Type")).as(answer.bodyAsString()).startsWith("application/json");
                if (answer.statusCode() == 409) {
                    busy++;
                } else if (answer.bodyAsJsonObject().containsKey("report")) {
                    ran++;
                } else {
                    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(410);
                }
            }
        }
        Deadline.await(Duration.ofSeconds(60), "every expired file deleted", () -> sql.count(
                "SELECT count(*) FROM dsar_requests WHERE status = 'expired'") == USERS);

        assertThat(sql.rows("SELECT gdpr_reference_id FROM dsar_audit_events WHERE action = 'file_deleted'"
                + " GROUP BY gdpr_reference_id HAVING count(*) <> 1")).as("files deleted more than once").isEmpty();
        assertThat(sql.count("SELECT count(DISTINCT gdpr_reference_id) FROM dsar_audit_events WHERE action = 'file_deleted'"))
                .isEqualTo(USERS);
        ExportDirectoryCheck.Contents left = ExportDirectoryCheck.everyFinalFileIsAWholeExport(exports, sql);
        assertThat(left.finalFiles()).as("only the late exports are left").hasSize(LATE);
        for (String reference : late) {
            assertThat(left.finalFiles()).anyMatch(file -> file.getFileName().toString().contains(reference));
        }
        assertThat(sql.rows("SELECT started_at, finished_at FROM dsar_cleanup_runs r WHERE EXISTS (SELECT 1 FROM"
                + " dsar_cleanup_runs o WHERE o.id <> r.id AND o.dry_run = false AND r.dry_run = false"
                + " AND o.started_at < r.finished_at AND r.started_at < o.finished_at)")).as("overlapping cycles").isEmpty();
        List<Map<String, String>> deleters = sql.rows("SELECT instance_id, count(*) AS runs,"
                + " sum(expired_files_deleted) AS deleted FROM dsar_cleanup_runs GROUP BY instance_id ORDER BY instance_id");
        System.out.printf("three instances: %d exports by %s; %d expired files deleted, cycles by instance %s; admin triggers %d ran, %d answered busy;"
                + " %d runs recorded; %d deleted on access by a download (410)%n", USERS, workers, USERS, deleters, ran,
                busy, sql.count("SELECT count(*) FROM dsar_cleanup_runs"),
                USERS - sql.count("SELECT coalesce(sum(expired_files_deleted), 0) FROM dsar_cleanup_runs"));
    }

    private int port(int index) {
        return instances.get(index % instances.size()).port();
    }

    /**
     * One request per user from {@code from}, sent round robin to the three instances, one to each at a time (all
     * at once would open every pool's connections, more than a shared test server may have free); their references.
     */
    private List<String> request(WebClient client, JwtTokens tokens, int from, int count) {
        List<String> references = new ArrayList<>();
        for (int batch = from; batch < from + count; batch += instances.size()) {
            List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
            for (int i = batch; i < Math.min(from + count, batch + instances.size()); i++) {
                String token = tokens.mint(new UserId(FIRST_USER + i), false, Duration.ofDays(365), minted);
                sent.add(client.post(port(i), "127.0.0.1", "/api/dsar/requests").bearerTokenAuthentication(token).send());
            }
            for (HttpResponse<Buffer> answer : Future.all(sent).await().<HttpResponse<Buffer>>list()) {
                assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
                references.add(answer.bodyAsJsonObject().getJsonObject("request").getString("reference_id"));
            }
        }
        return references;
    }

    private long completed() {
        return new Sql(db.location()).count("SELECT count(*) FROM dsar_requests WHERE status = 'completed'");
    }
}
