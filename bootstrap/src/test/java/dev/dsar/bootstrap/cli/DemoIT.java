package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dsar demo} as a newcomer runs it: a real process on the packaged jar, against an empty database, whose
 * printed commands are pasted into a shell, stopped with SIGTERM; then run again on the same database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.empty();

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final String SECRET = "demo-it-secret-that-must-never-be-printed-0123456789";

    @TempDir
    static Path exports;

    @TempDir
    Path work;

    private DemoProcess startDemo(Map<String, String> extraEnv) throws IOException {
        // Nothing configured but where to find the test database, the export directory and a free port.
        Map<String, String> env = new HashMap<>(Map.of("DSAR_DATABASE_URL", db.uri(),
                "EXPORT_STORAGE_PATH", exports.toString(), "DSAR_HTTP_PORT", "0", "DSAR_SKIP_REBUILD", "1"));
        env.putAll(extraEnv);
        return DemoProcess.start(REPOSITORY.resolve("bin/dsar"), work, env);
    }

    private String paste(List<String> printed, String curl) throws Exception {
        return DemoProcess.paste(printed, curl, work);
    }

    @Test
    @Order(1)
    void onAnEmptyDatabaseTheDemoExportsTheSampleUserAndItsPrintedCommandsWork() throws Exception {
        DemoProcess demo = startDemo(Map.of());
        List<String> printed = demo.awaitReady();

        Matcher sample = DemoProcess.sample(printed);
        assertThat(sample.group(2)).as("inserted by this run").isNotNull();
        String reference = sample.group(3);
        String sha256 = sample.group(5);
        assertThat(storedSha256(reference)).isEqualTo(sha256);
        Path zip = Path.of(printed.stream().filter(line -> line.startsWith("ZIP file: ")).findFirst().orElseThrow()
                .substring("ZIP file: ".length()));
        assertThat(zip).isAbsolute().isRegularFile().hasParent(exports);

        JsonObject status = new JsonObject(paste(printed, DemoProcess.curl(printed, "/api/dsar/requests/" + reference)));
        paste(printed, DemoProcess.curl(printed, "/api/dsar/download/" + reference));
        // Pasted again, as people do: the download overwrites the file it saved the first time.
        paste(printed, DemoProcess.curl(printed, "/api/dsar/download/" + reference));
        JsonObject stats = new JsonObject(paste(printed, DemoProcess.curl(printed, "/api/admin/dsar/cleanup/stats")));
        // The page links come first, before the commands; each page loads and its token is the printed one.
        int firstLink = indexOf(printed, "  the data subject's page: http://");
        assertThat(firstLink).isLessThan(indexOf(printed, "curl ")).isPositive();
        for (String line : List.of(printed.get(firstLink), printed.get(indexOf(printed, "  the admin page:")))) {
            String url = line.substring(line.indexOf("http://"));
            assertThat(url).matches("http://[^/]+/(admin/)?dsar/#token=[A-Za-z0-9_.-]+");
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.substring(0, url.indexOf('#')))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(url).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(url).isPresent();
        }

        assertThat(status.getJsonObject("request").getString("status")).isEqualTo("completed");
        assertThat(status.getJsonObject("request").getString("sha256")).isEqualTo(sha256);
        Path downloaded = work.resolve("dsar-" + reference + ".zip");
        assertThat(DemoProcess.sha256Of(downloaded)).isEqualTo(sha256);
        assertThat(Files.size(downloaded)).isEqualTo(Long.parseLong(sample.group(4)));
        assertThat(stats.getBoolean("ok")).isTrue();
        assertThat(stats.getJsonObject("stats").containsKey("total_cycles")).isTrue();
        for (String section : List.of("account", "workflows", "workflow_runs", "api_tokens", "audit_logs")) {
            assertThat(recordCount(zip, section)).as(section).isPositive();
        }

        DemoProcess second = startDemo(Map.of("DSAR_HTTP_PORT", portOf(printed)));
        int refused = second.process.waitFor(120, TimeUnit.SECONDS) ? second.process.exitValue() : -1;
        assertThat(refused).as("a second demo on the same port").isNotZero().isNotEqualTo(-1);
        assertThat(second.stderr().lines().filter(line -> line.startsWith("dsar: ")))
                .singleElement().asString().contains("DSAR_HTTP_PORT", "already in use");

        assertThat(demo.terminate()).as("exit code after SIGTERM; stderr: %s", demo.stderr()).isZero();
        assertThat(demo.stderr()).doesNotContain("ERROR");
    }

    @Test
    @Order(2)
    void aSecondRunOnTheSameDatabaseKeepsTheSampleUserAndReusesARequestInProgress() throws Exception {
        long user = sampleUserId();
        CliRun request = CliRun.run(Map.of("DSAR_DATABASE_URL", db.uri(), "EXPORT_STORAGE_PATH", exports.toString()),
                Clock.systemUTC(), "request", "--user-id", Long.toString(user), "--reference", "GDPR-DEMO-AGAIN");
        assertThat(request.exitCode()).as(request.err()).isZero();

        DemoProcess demo = startDemo(Map.of("DSAR_JWT_SECRET", SECRET));
        List<String> printed = demo.awaitReady();

        Matcher sample = DemoProcess.sample(printed);
        assertThat(sample.group(1)).isEqualTo(Long.toString(user));
        assertThat(sample.group(2)).as("inserted by the first run").isNull();
        assertThat(sample.group(3)).isEqualTo("GDPR-DEMO-AGAIN");
        paste(printed, DemoProcess.curl(printed, "/api/dsar/download/GDPR-DEMO-AGAIN"));
        assertThat(DemoProcess.sha256Of(work.resolve("dsar-GDPR-DEMO-AGAIN.zip"))).isEqualTo(sample.group(5));
        assertThat(countUsers()).isOne();

        assertThat(demo.terminate()).as("exit code after SIGTERM; stderr: %s", demo.stderr()).isZero();
        assertThat(String.join("\n", printed) + demo.stderr()).doesNotContain(SECRET);
    }

    @Test
    @Order(3)
    void onceEveryEarlierExportIsCompletedANewRunRequestsANewOne() throws Exception {
        DemoProcess demo = startDemo(Map.of());
        List<String> printed = demo.awaitReady();

        String reference = DemoProcess.sample(printed).group(3);
        assertThat(reference).matches("GDPR-[A-Z2-7]{26}").isNotEqualTo("GDPR-DEMO-AGAIN");
        assertThat(single("SELECT count(*)::text FROM dsar_requests WHERE status = 'completed' AND user_id = "
                + sampleUserId())).isEqualTo("3");
        assertThat(demo.terminate()).as("exit code after SIGTERM; stderr: %s", demo.stderr()).isZero();
    }

    private static String portOf(List<String> printed) {
        Matcher port = Pattern.compile("http://localhost:(\\d+)/").matcher(String.join("\n", printed));
        assertThat(port.find()).isTrue();
        return port.group(1);
    }

    private static long recordCount(Path zip, String section) throws IOException {
        try (java.util.zip.ZipFile archive = new java.util.zip.ZipFile(zip.toFile())) {
            String first = archive.entries().nextElement().getName();
            String root = first.substring(0, first.indexOf('/') + 1);
            JsonObject meta = new JsonObject(new String(archive.getInputStream(archive.getEntry(root + "meta.json"))
                    .readAllBytes(), StandardCharsets.UTF_8));
            return meta.getJsonObject("record_counts").getLong(section);
        }
    }

    private static String storedSha256(String reference) throws SQLException {
        return single("SELECT export_sha256 FROM dsar_requests WHERE gdpr_reference_id = '" + reference + "'");
    }

    private static long sampleUserId() throws SQLException {
        return Long.parseLong(single("SELECT id::text FROM users WHERE email = 'demo.user@example.org'"));
    }

    private static long countUsers() throws SQLException {
        return Long.parseLong(single("SELECT count(*)::text FROM users"));
    }

    private static String single(String sql) throws SQLException {
        try (Connection connection = TestPostgres.connect(db.location());
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            assertThat(row.next()).as(sql).isTrue();
            return row.getString(1);
        }
    }

    private static int indexOf(List<String> printed, String prefix) {
        for (int i = 0; i < printed.size(); i++) {
            if (printed.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
