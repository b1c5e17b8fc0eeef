package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CliIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.empty();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-04T03:02:01Z"), ZoneOffset.UTC);

    @TempDir
    Path exports;

    private Map<String, String> env;

    @BeforeEach
    void environment() {
        env = new HashMap<>(Map.of("DSAR_DATABASE_URL", db.uri(), "EXPORT_STORAGE_PATH", exports.toString()));
    }

    private CliRun dsar(String... args) {
        return CliRun.run(env, CLOCK, args);
    }

    @Test
    void migrateAppliesTheSchemaOnceAndIsANoOpTheSecondTime() {
        CliRun first = dsar("migrate", "--with-demo-schema");
        CliRun second = dsar("migrate", "--with-demo-schema");

        assertThat(first.exitCode()).isZero();
        assertThat(first.json().getJsonObject("service_schema").getInteger("migrations_applied")).isPositive();
        assertThat(first.json().getJsonObject("demo_schema").getInteger("migrations_applied")).isPositive();
        assertThat(second.exitCode()).isZero();
        assertThat(second.json().getJsonObject("service_schema").getInteger("migrations_applied")).isZero();
        assertThat(second.json().getJsonObject("demo_schema").getInteger("migrations_applied")).isZero();
        assertThat(first.out()).doesNotContain("password");
    }

    @Test
    void requestPrintsTheNewRequestAsJsonAndASecondOneForTheSameUserIsRefused() {
        dsar("migrate");

        CliRun created = dsar("request", "--user-id", "42", "--reference", "GDPR-TEST-123");
        CliRun refused = dsar("request", "--user-id", "42");

        assertThat(created.exitCode()).isZero();
        JsonObject request = created.json().getJsonObject("request");
        assertThat(created.json().getBoolean("ok")).isTrue();
        assertThat(request.getString("reference_id")).isEqualTo("GDPR-TEST-123");
        assertThat(request.getString("status")).isEqualTo("pending");
        assertThat(request.getString("requested_at")).isEqualTo("2026-05-04T03:02:01Z");
        assertThat(refused.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(refused.json()).isEqualTo(new JsonObject().put("ok", false)
                .put("error", "Request already in progress").put("reference_id", "GDPR-TEST-123"));
        assertThat(refused.err().lines()).singleElement().asString()
                .contains("already has a request in progress", "GDPR-TEST-123");
    }

    @Test
    void requestWithoutAReferenceGetsAGeneratedOne() {
        dsar("migrate");

        CliRun created = dsar("request", "--user-id", "7");

        assertThat(created.json().getJsonObject("request").getString("reference_id")).matches("GDPR-[A-Z2-7]{26}");
    }

    @Test
    void requestWithAReferenceAlreadyUsedByAnotherUserIsRefused() {
        dsar("migrate");
        dsar("request", "--user-id", "8", "--reference", "GDPR-SHARED");

        CliRun refused = dsar("request", "--user-id", "9", "--reference", "GDPR-SHARED");

        assertThat(refused.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(refused.json().getString("error")).isEqualTo("Reference id already used");
    }

    @Test
    void badArgumentsAreOneLineOnStderrAndExitCodeTwo() {
        for (String[] args : new String[][] {
                {"request"}, {"request", "--user-id", "x"}, {"request", "--user-id", "0"},
                {"request", "--user-id", "5", "--reference", "../etc/passwd"}, {"frobnicate"}, {"migrate", "--nope"}}) {
            CliRun run = dsar(args);

            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(DsarCli.USAGE);
            assertThat(run.err().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void badConfigurationStopsServeNamingTheVariable() {
        env.put("DSAR_HTTP_PORT", "abc");
        env.put("DSAR_JWT_SECRET", "x".repeat(32));

        CliRun run = dsar("serve");

        assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("dsar: DSAR_HTTP_PORT:");
    }

    @Test
    void serveRefusesToStartWithoutAJwtSecret() {
        CliRun run = dsar("serve");

        assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
        assertThat(run.err()).startsWith("dsar: DSAR_JWT_SECRET:");
    }

    @Test
    void serveOnAPortInUseStopsWithOneLineNamingTheVariable() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            env.put("DSAR_JWT_SECRET", "x".repeat(32));
            env.put("DSAR_HTTP_HOST", "127.0.0.1");
            env.put("DSAR_HTTP_PORT", Integer.toString(taken.getLocalPort()));

            CliRun run = dsar("serve");

            assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
            assertThat(run.err().lines()).singleElement().asString()
                    .isEqualTo("dsar: DSAR_HTTP_PORT: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ", the address is already in use (choose another port)");
        }
    }

    @Test
    void unreachableDatabaseIsOneClearLineWithoutThePassword() {
        env.put("DSAR_DATABASE_URL", "postgresql://someone:hunter2@127.0.0.1:1/nowhere");

        CliRun run = dsar("request", "--user-id", "5");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.err().lines()).singleElement().asString().startsWith("dsar: ").doesNotContain("hunter2");
    }
}
