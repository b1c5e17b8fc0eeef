package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.bootstrap.embedded.EmbeddedDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dsar demo} on the embedded PostgreSQL, as a newcomer without a database server runs it: a real process
 * in an installation of its own (a copy of bin/dsar beside the built jars), its printed commands pasted into a
 * shell while it runs, stopped with SIGTERM; then run again, falling back to the embedded database by itself, and
 * finding the sample user again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDemoIT {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    @TempDir
    static Path installation;

    @TempDir
    Path work;

    private static String firstSampleUser;

    @BeforeAll
    static void installBinDsarBesideTheBuiltJars() throws IOException {
        Files.createDirectories(installation.resolve("bin"));
        Files.copy(REPOSITORY.resolve("bin/dsar"), installation.resolve("bin/dsar"));
        Files.createDirectories(installation.resolve("bootstrap"));
        Files.createSymbolicLink(installation.resolve("bootstrap/target"), REPOSITORY.resolve("bootstrap/target"));
    }

    @AfterAll
    static void stopAnyServerLeftAndUnlinkTheJars() throws IOException {
        Path pid = pgdata().resolve("postmaster.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim())).ifPresent(ProcessHandle::destroy);
        }
        Files.deleteIfExists(installation.resolve("bootstrap/target"));
    }

    private static Path pgdata() {
        return installation.resolve("data/embedded-postgres/pgdata");
    }

    @Test
    @Order(1)
    void withDatabaseUrlEmbeddedTheDemoRunsAndEverythingItPrintsWorksWhenPasted() throws Exception {
        DemoProcess demo = startDemo(Map.of("DSAR_DATABASE_URL", "embedded"));
        List<String> printed = demo.awaitReady();

        assertThat(printed.get(0)).isEqualTo("DSAR demo: database: the embedded PostgreSQL (DSAR_DATABASE_URL=embedded),"
                + " data in " + installation.resolve("data/embedded-postgres") + ".");
        Matcher sample = DemoProcess.sample(printed);
        assertThat(sample.group(2)).as("inserted by this run").isNotNull();
        firstSampleUser = sample.group(1);
        String reference = sample.group(3);

        JsonObject status = new JsonObject(paste(printed, DemoProcess.curl(printed, "/api/dsar/requests/" + reference)));
        assertThat(status.getJsonObject("request").getString("status")).isEqualTo("completed");
        paste(printed, DemoProcess.curl(printed, "/api/dsar/download/" + reference));
        assertThat(DemoProcess.sha256Of(work.resolve("dsar-" + reference + ".zip"))).isEqualTo(sample.group(5));

        // A one-shot command while the demo runs joins its server, and leaves it running when it is done.
        JsonObject stats = new JsonObject(paste(printed, commandLine(printed)));
        assertThat(stats.getJsonObject("storage").getLong("total_files")).isPositive();
        paste(printed, DemoProcess.curl(printed, "/api/admin/dsar/cleanup/stats"));

        assertThat(demo.terminate()).as("exit code after SIGTERM; stderr: %s", demo.stderr()).isZero();
        assertThat(demo.stderr()).contains("Embedded PostgreSQL: stopped").doesNotContain("ERROR");
        assertThat(pgdata().resolve("postmaster.pid")).as("the server stopped with the demo").doesNotExist();

        // The same command on its own starts the server, and stops it when it is done.
        JsonObject alone = new JsonObject(paste(printed, commandLine(printed)));
        assertThat(alone.getJsonObject("storage").getLong("total_files")).isPositive();
        assertThat(pgdata().resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    @Order(2)
    void withNothingOnLocalhostTheDemoFallsBackToTheEmbeddedDatabaseAndFindsTheSampleUserAgain() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String probe = "127.0.0.1:" + freePort;
        DemoProcess demo = startDemo(Map.of("JAVA_OPTS", "-D" + DemoDatabase.PROBE_PROPERTY + "=" + probe));
        List<String> printed = demo.awaitReady();

        assertThat(printed.get(0)).isEqualTo("DSAR demo: database: nothing answers on " + probe
                + ", so the embedded PostgreSQL, data in " + installation.resolve("data/embedded-postgres") + ".");
        Matcher sample = DemoProcess.sample(printed);
        assertThat(sample.group(1)).isEqualTo(firstSampleUser);
        assertThat(sample.group(2)).as("found again, not inserted").isNull();
        paste(printed, DemoProcess.curl(printed, "/api/dsar/download/" + sample.group(3)));
        assertThat(DemoProcess.sha256Of(work.resolve("dsar-" + sample.group(3) + ".zip"))).isEqualTo(sample.group(5));

        assertThat(demo.terminate()).as("exit code after SIGTERM; stderr: %s", demo.stderr()).isZero();
        assertThat(pgdata().resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    @Order(3)
    void whenTheProcessThatStartedTheServerLeavesFirstTheServerRunsOnUntilTheLastOneLeaves() throws Exception {
        DemoProcess demo = startDemo(Map.of("DSAR_DATABASE_URL", "embedded"));
        demo.awaitReady();
        try (EmbeddedDatabase joined = EmbeddedDatabase.open(installation)) {
            assertThat(demo.terminate()).as("exit code after SIGTERM; stderr: %s", demo.stderr()).isZero();
            assertThat(demo.stderr()).contains("Embedded PostgreSQL: left running for the other processes that use it");

            try (Connection connection = TestPostgres.connect(joined.location());
                 ResultSet users = connection.createStatement().executeQuery("SELECT count(*) FROM users")) {
                assertThat(users.next()).isTrue();
                assertThat(users.getLong(1)).as("the sample user, in the server the demo left running").isOne();
            }
        }
        assertThat(pgdata().resolve("postmaster.pid")).as("stopped by the last process to leave").doesNotExist();
    }

    @Test
    @Order(4)
    void withoutTheEmbeddedJarsOnTheClassPathACommandSaysSoInOneLine() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", REPOSITORY.resolve("bootstrap/target/dsar.jar").toString(),
                "stats");
        builder.environment().put("DSAR_DATABASE_URL", "embedded");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
                .startsWith("dsar: DSAR_DATABASE_URL")
                .contains("embedded", "bin/dsar");
    }

    private String paste(List<String> printed, String command) throws Exception {
        return DemoProcess.paste(printed, command, work);
    }

    private static String commandLine(List<String> printed) {
        return printed.stream().filter(line -> line.startsWith("DSAR_DATABASE_URL=embedded ")).findFirst()
                .orElseThrow(() -> new AssertionError("no command line in " + printed));
    }

    private DemoProcess startDemo(Map<String, String> env) throws IOException {
        Map<String, String> all = new HashMap<>(Map.of("EXPORT_STORAGE_PATH", installation.resolve("exports").toString(),
                "DSAR_HTTP_PORT", "0", "DSAR_SKIP_REBUILD", "1"));
        all.putAll(env);
        return DemoProcess.start(installation.resolve("bin/dsar"), work, all);
    }
}
