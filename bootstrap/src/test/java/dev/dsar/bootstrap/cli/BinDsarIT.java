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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/dsar} as an operator runs it: a real process on the packaged jar. */
class BinDsarIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.empty();

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path exports;

    record Run(int exitCode, String out, String err) {
    }

    private Run dsar(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(REPOSITORY.resolve("bin/dsar").toString());
        builder.command().addAll(java.util.List.of(args));
        builder.directory(REPOSITORY.toFile());
        builder.environment().put("DSAR_DATABASE_URL", db.uri());
        builder.environment().put("EXPORT_STORAGE_PATH", exports.toString());
        builder.environment().put("DSAR_SKIP_REBUILD", "1");
        builder.environment().putAll(extraEnv);
        Path out = Files.createTempFile(exports, "out", ".txt");
        Path err = Files.createTempFile(exports, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/dsar " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void freshDatabaseMigratesRequestsOnceAndRefusesASecondActiveRequest() throws Exception {
        Run migrate = dsar(Map.of(), "migrate", "--with-demo-schema");
        Run request = dsar(Map.of(), "request", "--user-id", "42", "--reference", "GDPR-TEST-123");
        Run again = dsar(Map.of(), "request", "--user-id", "42");
        Run migrateAgain = dsar(Map.of(), "migrate");

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(request.exitCode()).as(request.err()).isZero();
        assertThat(new JsonObject(request.out()).getJsonObject("request").getString("reference_id"))
                .isEqualTo("GDPR-TEST-123");
        try (Connection connection = TestPostgres.connect(db.location());
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT user_id, status FROM dsar_requests WHERE gdpr_reference_id = 'GDPR-TEST-123'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getLong("user_id")).isEqualTo(42);
            assertThat(row.getString("status")).isEqualTo("pending");
        }
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("already has a request in progress");
        assertThat(migrateAgain.exitCode()).isZero();
        assertThat(new JsonObject(migrateAgain.out()).getJsonObject("service_schema").getInteger("migrations_applied"))
                .isZero();
    }

    @Test
    void nonNumericPortStopsServeWithANonZeroExitNamingTheVariable() throws Exception {
        Run serve = dsar(Map.of("DSAR_HTTP_PORT", "abc", "DSAR_JWT_SECRET", "x".repeat(32)), "serve");

        assertThat(serve.exitCode()).isNotZero();
        assertThat(serve.err()).contains("DSAR_HTTP_PORT");
        assertThat(serve.out()).isEmpty();
    }
}
