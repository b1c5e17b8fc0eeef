package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.adapters.persistence.SchemaMigrations;
import dev.dsar.adapters.persistence.testing.OwnPostgres;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.DsarService;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped and started again while clients keep downloading and asking for their requests: every
 * answer is either a whole ZIP or a JSON error (503 with Retry-After while the database is down), and once
 * PostgreSQL is back the same service serves everything again; no download receipt is lost.
 */
class DatabaseRestartUnderLoadIT {

    private static final String SECRET = "restart-under-load-secret-0123456789-0123456789";
    private static final int CLIENTS = 4;

    /** The phase a request belongs to: begun and answered within it; SWITCHING while pg_ctl runs. */
    private enum Phase { UP, SWITCHING, DOWN, BACK }

    /** What a client asked and got. */
    private record Answer(Phase phase, String kind, int status, boolean served, boolean jsonError, String retryAfter) {
    }

    @TempDir
    Path exports;

    @Test
    void everyAnswerIsAWholeZipOrJsonWhilePostgresRestartsAndTheServiceRecoversWithoutARestart() throws Exception {
        try (OwnPostgres postgres = OwnPostgres.started()) {
            PostgresLocation database = postgres.createDatabase("dsar");
            SchemaMigrations migrations = new SchemaMigrations(database);
            migrations.migrateService();
            migrations.migrateDemo();
            TestPostgres.execute(database, "INSERT INTO users (id, email, display_name, created_at)"
                    + " SELECT i, 'user' || i || '@example.org', 'User ' || i, now() FROM generate_series(1, 2) i;"
                    + " INSERT INTO audit_logs (user_id, action, ip, details, created_at) SELECT 1 + i % 2, 'a' || i,"
                    + " '192.0.2.1', jsonb_build_object('n', i), now() FROM generate_series(1, 5000) i");
            MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            DsarService service = DsarService.start(DsarConfig.from(Map.of("DSAR_DATABASE_URL", database.uri(),
                    "EXPORT_STORAGE_PATH", exports.toString(), "DSAR_JWT_SECRET", SECRET, "DSAR_HTTP_HOST", "127.0.0.1",
                    "DSAR_HTTP_PORT", "0", "CLEANUP_ENABLED", "false")), clock);
            Vertx vertx = Vertx.vertx();
            try {
                run(postgres, database, service, new JwtTokens(vertx, new JwtSettings(SECRET, Optional.empty(),
                        Optional.empty())), clock.instant());
            } finally {
                service.stop();
                vertx.close().await();
            }
        }
    }

    private void run(OwnPostgres postgres, PostgresLocation database, DsarService service, JwtTokens tokens,
                     Instant now) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = URI.create("http://127.0.0.1:" + service.port());
        String warmToken = tokens.mint(new UserId(1), false, Duration.ofDays(1), now);
        String coldToken = tokens.mint(new UserId(2), false, Duration.ofDays(1), now);
        String warm = requestExport(http, base, warmToken);
        String cold = requestExport(http, base, coldToken);
        Sql sql = new Sql(database);
        Deadline.await(Duration.ofSeconds(60), "both exports completed",
                () -> sql.count("SELECT count(*) FROM dsar_requests WHERE status = 'completed'") == 2);
        Map<String, String> sha = Map.of(warm, sha(sql, warm), cold, sha(sql, cold));

        // The warm export is downloaded before the outage, the cold one only from the outage on.
        AtomicReference<Phase> phase = new AtomicReference<>(Phase.UP);
        AtomicInteger stopAfterBack = new AtomicInteger(-1);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicLong zips = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (long i = client; stopAfterBack.get() != 0; i++) {
                    Phase before = phase.get();
                    // The cold export's first download must find the database down (a served one is cached).
                    boolean coldAllowed = before == Phase.DOWN || before == Phase.BACK;
                    String kind = i % 3 == 0 ? "status" : i % 3 == 1 || !coldAllowed ? "warm" : "cold";
                    String reference = kind.equals("cold") ? cold : warm;
                    String token = kind.equals("cold") ? coldToken : warmToken;
                    String path = kind.equals("status") ? "/api/dsar/requests/" + warm : "/api/dsar/download/" + reference;
                    Answer answer = ask(http, base.resolve(path), token, before, kind, sha.get(reference));
                    if (answer.served() && !kind.equals("status")) {
                        zips.incrementAndGet();
                    }
                    if (phase.get() == before) {
                        answers.add(answer);
                    }
                    if (before == Phase.BACK) {
                        stopAfterBack.updateAndGet(left -> left > 0 ? left - 1 : left);
                    }
                }
            }, "load-" + c);
            thread.start();
            clients.add(thread);
        }
        long pgBack;
        try {
            Deadline.await(Duration.ofSeconds(30), "50 answers before the outage", () -> answers.size() >= 50);
            phase.set(Phase.SWITCHING);
            postgres.stop();
            phase.set(Phase.DOWN);
            Deadline.await(Duration.ofSeconds(30), "100 answers during the outage",
                    () -> count(answers, Phase.DOWN, null) >= 100);
            phase.set(Phase.SWITCHING);
            postgres.start();
            pgBack = System.nanoTime();
            phase.set(Phase.BACK);
            stopAfterBack.set(200);
            Deadline.await(Duration.ofSeconds(60), "200 requests after PostgreSQL is back", () -> stopAfterBack.get() == 0);
        } finally {
            stopAfterBack.set(0);
            for (Thread thread : clients) {
                thread.join(30_000);
            }
        }
        long recoveredMs = Duration.ofNanos(System.nanoTime() - pgBack).toMillis();

        for (Answer answer : answers) {
            assertThat(answer.served() || answer.jsonError()).as("a whole ZIP, a request or a JSON error: %s", answer)
                    .isTrue();
            if (answer.jsonError()) {
                assertThat(answer.status()).as("%s", answer).isEqualTo(503);
                assertThat(answer.retryAfter()).as("%s", answer).isNotNull();
            }
        }
        assertThat(answers).filteredOn(answer -> answer.phase() == Phase.UP || answer.phase() == Phase.BACK)
                .allMatch(answer -> answer.status() == 200);
        assertThat(answers).filteredOn(answer -> answer.phase() == Phase.DOWN && !answer.kind().equals("warm"))
                .as("what needs the database while it is down").isNotEmpty().allMatch(answer -> answer.status() == 503);
        assertThat(answers).filteredOn(answer -> answer.phase() == Phase.BACK && answer.kind().equals("cold"))
                .as("the cold export downloaded once PostgreSQL is back").isNotEmpty();
        // Receipts that could not be written while the database was down are written later: none is lost.
        Deadline.await(Duration.ofSeconds(30), "every whole download counted", () -> sql.count(
                "SELECT coalesce(sum(download_count), 0) FROM dsar_requests") == zips.get());
        System.out.printf("PostgreSQL restart under load: %d answers (%d during the outage: %d whole ZIPs of the warm"
                        + " export, %d × 503); 0 short or non-JSON answers; %d requests after pg_ctl start all 200 within"
                        + " %d ms; download_count %d for %d whole ZIPs received%n", answers.size(),
                count(answers, Phase.DOWN, null), count(answers, Phase.DOWN, 200), count(answers, Phase.DOWN, 503),
                count(answers, Phase.BACK, null), recoveredMs,
                sql.count("SELECT coalesce(sum(download_count), 0) FROM dsar_requests"), zips.get());
    }

    private static long count(ConcurrentLinkedQueue<Answer> answers, Phase phase, Integer status) {
        return answers.stream().filter(answer -> phase == null || answer.phase() == phase)
                .filter(answer -> status == null || answer.status() == status).count();
    }

    private static Answer ask(HttpClient http, URI uri, String token, Phase phase, String kind, String sha256) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse("");
            boolean zip = response.statusCode() == 200 && type.equals("application/zip")
                    && HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body())).equals(sha256);
            boolean status = response.statusCode() == 200 && kind.equals("status");
            boolean json = type.startsWith("application/json") && !status
                    && !new JsonObject(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).getBoolean("ok");
            return new Answer(phase, kind, response.statusCode(), zip || status, json,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (Exception failed) {
            return new Answer(phase, kind, -1, false, false, failed.toString());
        }
    }

    private static String requestExport(HttpClient http, URI base, String token) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/api/dsar/requests"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return new JsonObject(created.body()).getJsonObject("request").getString("reference_id");
    }

    private static String sha(Sql sql, String reference) {
        return sql.rows("SELECT export_sha256 FROM dsar_requests WHERE gdpr_reference_id = '" + reference + "'")
                .get(0).get("export_sha256");
    }
}
