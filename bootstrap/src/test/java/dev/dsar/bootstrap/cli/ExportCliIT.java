package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.DsarService;
import dev.dsar.bootstrap.testing.DemoData;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/dsar export REF}, in process (contract §2), and {@code serve} picking up a request from the CLI. */
class ExportCliIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-04T03:02:01Z"), ZoneOffset.UTC);

    @TempDir
    Path exports;

    private Map<String, String> env;

    @BeforeAll
    static void data() {
        DemoData.insert(db);
    }

    @BeforeEach
    void environment() {
        env = new HashMap<>(Map.of("DSAR_DATABASE_URL", db.uri(), "EXPORT_STORAGE_PATH", exports.toString()));
    }

    private CliRun dsar(String... args) {
        return CliRun.run(env, CLOCK, args);
    }

    private static void sql(String statement) {
        db.execute(statement);
    }

    @Test
    void exportingAPendingRequestPrintsItsFileSizeAndChecksum() throws Exception {
        dsar("request", "--user-id", "42", "--reference", "GDPR-CLI-EXPORT");

        CliRun run = dsar("export", "GDPR-CLI-EXPORT");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        JsonObject json = run.json();
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("ok", "reference_id", "file_path", "bytes", "sha256");
        assertThat(json.getBoolean("ok")).isTrue();
        assertThat(json.getString("reference_id")).isEqualTo("GDPR-CLI-EXPORT");
        Path file = Path.of(json.getString("file_path"));
        assertThat(file).isAbsolute().exists();
        // Stamped with the claim's time, taken on the database's clock.
        assertThat(file.getFileName().toString()).isEqualTo("dsar_GDPR-CLI-EXPORT_" + column("GDPR-CLI-EXPORT",
                "to_char(started_at AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS')") + ".zip");
        assertThat(json.getLong("bytes")).isEqualTo(Files.size(file));
        assertThat(json.getString("sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        assertThat(status("GDPR-CLI-EXPORT")).isEqualTo("completed");
        sql("UPDATE dsar_requests SET status = 'expired', export_storage_path = NULL WHERE user_id = 42");
    }

    @Test
    void exportingACompletedRequestAgainReportsTheSameFileWithoutGeneratingAnother() throws Exception {
        dsar("request", "--user-id", "43", "--reference", "GDPR-CLI-TWICE");
        CliRun first = dsar("export", "GDPR-CLI-TWICE");

        CliRun second = dsar("export", "GDPR-CLI-TWICE");

        assertThat(second.exitCode()).isZero();
        assertThat(second.json()).isEqualTo(first.json());
        try (Stream<Path> files = Files.list(exports)) {
            assertThat(files.filter(path -> path.getFileName().toString().contains("GDPR-CLI-TWICE"))).hasSize(1);
        }
    }

    @Test
    void anUnknownReferenceIsOneLineOnStderrAndAJsonErrorWithExitOne() {
        dsar("migrate");

        CliRun run = dsar("export", "GDPR-NO-SUCH-REQUEST");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.json()).isEqualTo(new JsonObject().put("ok", false)
                .put("error", "No request has the reference GDPR-NO-SUCH-REQUEST"));
        assertThat(run.err().lines()).singleElement().asString().startsWith("dsar: no request has the reference");
    }

    @Test
    void aMalformedReferenceIsAJsonErrorWithExitOne() {
        CliRun run = dsar("export", "../etc/passwd");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.json().getBoolean("ok")).isFalse();
        assertThat(run.json().getString("error")).startsWith("Invalid reference id");
    }

    @Test
    void aRequestBeingExportedElsewhereIsRefusedAsInProgress() {
        dsar("request", "--user-id", "44", "--reference", "GDPR-CLI-BUSY");
        sql("UPDATE dsar_requests SET status = 'processing', attempts = 1, started_at = now(),"
                + " lease_owner = 'other-instance', lease_expires_at = now() + interval '1 hour', version = version + 1"
                + " WHERE gdpr_reference_id = 'GDPR-CLI-BUSY'");

        CliRun run = dsar("export", "GDPR-CLI-BUSY");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.json().getString("error")).contains("in progress on other-instance");
        assertThat(status("GDPR-CLI-BUSY")).isEqualTo("processing");
    }

    @Test
    void aFailedRequestIsReportedWithItsLastError() {
        dsar("request", "--user-id", "45", "--reference", "GDPR-CLI-FAILED");
        sql("UPDATE dsar_requests SET status = 'failed', failed_at = now(), last_error = 'section x: broken'"
                + " WHERE gdpr_reference_id = 'GDPR-CLI-FAILED'");

        CliRun run = dsar("export", "GDPR-CLI-FAILED");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.json().getString("error")).isEqualTo("The export of GDPR-CLI-FAILED failed: section x: broken");
    }

    @Test
    void aBrokenSectionQueryStopsTheExportBeforeItStartsNamingTheSectionAndTheFix() throws Exception {
        Path sections = Files.writeString(exports.resolve("sections.json"),
                "{\"sections\": [{\"name\": \"orders\", \"query\": \"SELECT * FROM orders WHERE user_id = #{userId}\"}]}");
        env.put("DSAR_SECTIONS_CONFIG", sections.toString());
        dsar("request", "--user-id", "46", "--reference", "GDPR-CLI-BROKEN");

        CliRun run = dsar("export", "GDPR-CLI-BROKEN");

        String expected = "DSAR_SECTIONS_CONFIG: section 'orders': query failed with SQLSTATE 42P01 (undefined_table):"
                + " relation \"orders\" does not exist on the source database " + db.location().describe()
                + "; fix that section in " + sections;
        assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
        assertThat(run.err().lines()).singleElement().isEqualTo("dsar: " + expected);
        assertThat(run.json()).isEqualTo(new JsonObject().put("ok", false).put("error", expected));
        // Checked before the export began: the request waits for a fixed configuration.
        assertThat(status("GDPR-CLI-BROKEN")).isEqualTo("pending");
    }

    @Test
    void anInvalidSectionsFileStopsTheCommandNamingTheVariableAndTheSection() throws Exception {
        Path sections = Files.writeString(exports.resolve("sections.json"),
                "{\"sections\": [{\"name\": \"orders\", \"query\": \"SELECT * FROM orders\"}]}");
        env.put("DSAR_SECTIONS_CONFIG", sections.toString());

        CliRun run = dsar("export", "GDPR-ANY");

        assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("dsar: DSAR_SECTIONS_CONFIG: " + sections + ": section 'orders': the query does not use #{userId}");
    }

    @Test
    void serveExportsARequestMadeFromTheCommandLine() throws Exception {
        env.put("DSAR_JWT_SECRET", "x".repeat(32));
        env.put("DSAR_HTTP_PORT", "0");
        DsarService service = DsarService.start(DsarConfig.from(env), Clock.systemUTC());
        try {
            CliRun request = CliRun.run(env, Clock.systemUTC(), "request", "--user-id", "47", "--reference", "GDPR-CLI-SERVE");
            assertThat(request.exitCode()).isZero();

            for (int i = 0; i < 1200 && !"completed".equals(status("GDPR-CLI-SERVE")); i++) {
                Thread.sleep(50);
            }

            assertThat(status("GDPR-CLI-SERVE")).isEqualTo("completed");
        } finally {
            service.stop();
        }
    }

    private static String status(String reference) {
        return column(reference, "status");
    }

    private static String column(String reference, String expression) {
        try (Connection connection = TestPostgres.connect(db.location());
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT " + expression + " FROM dsar_requests WHERE gdpr_reference_id = '" + reference + "'")) {
            return row.next() ? row.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
