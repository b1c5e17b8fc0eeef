package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.adapters.persistence.testing.OwnPostgres;
import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.testing.TestPostgres;
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
    void anUnreachableDatabaseIsOneLineNamingTheVariableAndJsonOnStdoutForTheCommandsThatPrintJson() {
        env.put("DSAR_DATABASE_URL", "postgresql://someone:hunter2@127.0.0.1:1/nowhere");

        for (String[] args : new String[][] {{"request", "--user-id", "5"}, {"export", "GDPR-ANY"}}) {
            CliRun run = dsar(args);

            String what = String.join(" ", args);
            assertThat(run.exitCode()).as(what).isEqualTo(DsarCli.FAILED);
            assertThat(run.err().lines()).as(what).singleElement().asString()
                    .isEqualTo("dsar: DSAR_DATABASE_URL: cannot reach someone@127.0.0.1:1/nowhere: connection refused")
                    .doesNotContain("hunter2");
            assertThat(run.json().getBoolean("ok")).as(what).isFalse();
            assertThat(run.json().getString("error")).as(what).startsWith("DSAR_DATABASE_URL: cannot reach ");
        }
    }

    @Test
    void serveNamesTheServiceDatabaseItCannotConnectToWithoutThePassword() {
        env.put("DSAR_DATABASE_URL", "postgresql://someone:hunter2@127.0.0.1:1/nowhere");
        env.put("DSAR_JWT_SECRET", "x".repeat(32));

        CliRun run = dsar("serve");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("dsar: DSAR_DATABASE_URL: cannot connect to someone@127.0.0.1:1/nowhere: ")
                .doesNotContain("hunter2");
    }

    @Test
    void serveNamesTheSourceDatabaseItCannotConnectTo() {
        env.put("DSAR_JWT_SECRET", "x".repeat(32));
        env.put("DSAR_HTTP_PORT", "0");
        PostgresLocation missing = db.location().withDatabase("dsar_no_such_database");
        env.put("DSAR_SOURCE_DATABASE_URL", missing.uri());

        CliRun run = dsar("serve");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.err().lines()).singleElement().asString().isEqualTo("dsar: DSAR_SOURCE_DATABASE_URL: cannot connect to "
                + missing.describe() + ": SQLSTATE 3D000: database \"dsar_no_such_database\" does not exist");
    }

    @Test
    void aJwtSecretShorterThan32BytesIsRefusedByEveryCommandThatUsesIt() {
        env.put("DSAR_JWT_SECRET", "abcde");

        for (String[] args : new String[][] {{"serve"}, {"token", "--user-id", "1"}, {"demo"}}) {
            CliRun run = dsar(args);

            String what = String.join(" ", args);
            assertThat(run.exitCode()).as(what).isEqualTo(DsarCli.USAGE);
            assertThat(run.err().lines()).as(what).singleElement().asString()
                    .startsWith("dsar: DSAR_JWT_SECRET: too short (5 bytes)").doesNotContain("abcde");
            assertThat(run.out()).as(what).isEmpty();
        }
    }

    @Test
    void serveStopsNamingTheSectionAndTheFixWhenTheSourceHasNoTablesForTheBuiltInSections() {
        PostgresLocation bare = TestPostgres.createDatabase("cli_bare_source");
        try {
            env.put("DSAR_JWT_SECRET", "x".repeat(32));
            env.put("DSAR_HTTP_PORT", "0");
            env.put("DSAR_SOURCE_DATABASE_URL", bare.uri());

            CliRun run = dsar("serve");

            assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
            assertThat(run.err().lines()).singleElement().asString()
                    .startsWith("dsar: DSAR_SOURCE_DATABASE_URL: section 'account': query failed with SQLSTATE 42P01"
                            + " (undefined_table): relation \"users\" does not exist on the source database " + bare.describe())
                    .endsWith("`bin/dsar migrate --with-demo-schema`, or set DSAR_SECTIONS_CONFIG to a sections file"
                            + " for your schema");
        } finally {
            TestPostgres.dropDatabase(bare);
        }
    }

    @Test
    void serveStopsNamingTheSectionWhenAQueryOfTheSectionsFileIsBroken() throws Exception {
        Path sections = exports.resolve("sections.json");
        java.nio.file.Files.writeString(sections, "{\"sections\": [{\"name\": \"broken\","
                + " \"query\": \"SELEC id FROM nowhere WHERE id = #{userId}\"}]}");
        env.put("DSAR_JWT_SECRET", "x".repeat(32));
        env.put("DSAR_HTTP_PORT", "0");
        env.put("DSAR_SECTIONS_CONFIG", sections.toString());

        CliRun run = dsar("serve");

        assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("dsar: DSAR_SECTIONS_CONFIG: section 'broken': query failed with SQLSTATE 42601 (syntax_error)")
                .endsWith("; fix that section in " + sections);
    }

    @Test
    void aWrongDatabasePasswordStopsServeNamingTheVariableButNeverThePassword() {
        try (OwnPostgres guarded = OwnPostgres.create().withPassword("right-password-1").start()) {
            PostgresLocation wrong = PostgresLocation.parse(guarded.location().uri()
                    .replace("right-password-1", "wrong-password-2"));
            env.put("DSAR_JWT_SECRET", "x".repeat(32));
            env.put("DSAR_HTTP_PORT", "0");

            env.put("DSAR_SOURCE_DATABASE_URL", wrong.uri());
            CliRun source = dsar("serve");
            env.put("DSAR_DATABASE_URL", wrong.uri());
            CliRun service = dsar("serve");

            assertThat(source.exitCode()).isEqualTo(DsarCli.FAILED);
            assertThat(source.err().lines()).singleElement().asString().isEqualTo("dsar: DSAR_SOURCE_DATABASE_URL:"
                    + " cannot connect to " + wrong.describe() + ": SQLSTATE 28P01: password authentication failed"
                    + " for user \"postgres\"");
            assertThat(service.exitCode()).isEqualTo(DsarCli.FAILED);
            assertThat(service.err().lines()).singleElement().asString()
                    .startsWith("dsar: DSAR_DATABASE_URL: cannot connect to " + wrong.describe() + ": ")
                    .contains("password authentication failed");
            assertThat(source.err() + service.err()).doesNotContain("wrong-password-2");
        }
    }

    @Test
    void helpListsTheCommandsAndEachCommandsHelpNamesTheEnvironmentVariablesItUsesWithTheirDefaults() {
        CliRun help = dsar("help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve", "demo", "migrate", "request", "export", "cleanup", "stats", "token",
                "bin/dsar help <command>");

        Map<String, String> expected = Map.of("serve", "DSAR_JWT_SECRET", "demo", "DSAR_JWT_SECRET",
                "migrate", "DSAR_SOURCE_DATABASE_URL", "request", "DSAR_DATABASE_URL", "export", "DSAR_SECTIONS_CONFIG",
                "cleanup", "CLEANUP_ORPHAN_GRACE", "stats", "EXPORT_STORAGE_PATH", "token", "DSAR_JWT_ISSUER");
        expected.forEach((command, variable) -> {
            CliRun run = dsar(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Environment (NAME=default):", variable);
            assertThat(dsar("help", command).out()).as(command).isEqualTo(run.out());
        });
        assertThat(dsar("serve", "--help").out()).contains("  DSAR_JWT_SECRET=(required, no default)\n"
                        + "      HS256 key, at least 32 bytes")
                .contains("  DSAR_DATABASE_URL=postgresql://postgres@localhost:5432/postgres\n")
                .contains("  DSAR_HTTP_PORT=8080\n");
    }

    @Test
    void versionIsTheVersionOfTheBuild() {
        CliRun run = dsar("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("dsar \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
