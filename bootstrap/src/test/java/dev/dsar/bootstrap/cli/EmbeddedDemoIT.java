package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.bootstrap.embedded.EmbeddedDatabase;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
    private static final Pattern SAMPLE = Pattern.compile(
            "^Sample user (\\d+) \\(demo\\.user@example\\.org(, just inserted)?\\): export (\\S+) completed, (\\d+) bytes,"
                    + " sha256 ([0-9a-f]{64})$");

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
        Demo demo = Demo.start(Map.of("DSAR_DATABASE_URL", "embedded"), work);
        List<String> printed = demo.awaitReady();

        assertThat(printed.get(0)).isEqualTo("DSAR demo: database: the embedded PostgreSQL (DSAR_DATABASE_URL=embedded),"
                + " data in " + installation.resolve("data/embedded-postgres") + ".");
        Matcher sample = sample(printed);
        assertThat(sample.group(2)).as("inserted by this run").isNotNull();
        firstSampleUser = sample.group(1);
        String reference = sample.group(3);

        JsonObject status = new JsonObject(paste(printed, curl(printed, "/api/dsar/requests/" + reference)));
        assertThat(status.getJsonObject("request").getString("status")).isEqualTo("completed");
        paste(printed, curl(printed, "/api/dsar/download/" + reference));
        assertThat(sha256Of(work.resolve("dsar-" + reference + ".zip"))).isEqualTo(sample.group(5));

        // A one-shot command while the demo runs joins its server, and leaves it running when it is done.
        JsonObject stats = new JsonObject(paste(printed, commandLine(printed)));
        assertThat(stats.getJsonObject("storage").getLong("total_files")).isPositive();
        paste(printed, curl(printed, "/api/admin/dsar/cleanup/stats"));

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
        Demo demo = Demo.start(Map.of("JAVA_OPTS", "-D" + DemoCommand.PROBE_PROPERTY + "=" + probe), work);
        List<String> printed = demo.awaitReady();

        assertThat(printed.get(0)).isEqualTo("DSAR demo: database: nothing answers on " + probe
                + ", so the embedded PostgreSQL, data in " + installation.resolve("data/embedded-postgres") + ".");
        Matcher sample = sample(printed);
        assertThat(sample.group(1)).isEqualTo(firstSampleUser);
        assertThat(sample.group(2)).as("found again, not inserted").isNull();
        paste(printed, curl(printed, "/api/dsar/download/" + sample.group(3)));
        assertThat(sha256Of(work.resolve("dsar-" + sample.group(3) + ".zip"))).isEqualTo(sample.group(5));

        assertThat(demo.terminate()).as("exit code after SIGTERM; stderr: %s", demo.stderr()).isZero();
        assertThat(pgdata().resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    @Order(3)
    void whenTheProcessThatStartedTheServerLeavesFirstTheServerRunsOnUntilTheLastOneLeaves() throws Exception {
        Demo demo = Demo.start(Map.of("DSAR_DATABASE_URL", "embedded"), work);
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

    /** Runs one printed command in a shell that has the printed token assignments; its output without the status. */
    private String paste(List<String> printed, String command) throws Exception {
        String tokens = printed.stream().filter(line -> line.matches("^(TOKEN|ADMIN_TOKEN)='[^']+'$"))
                .collect(Collectors.joining("\n"));
        boolean curl = command.startsWith("curl ");
        ProcessBuilder shell = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
                tokens + "\n" + command + (curl ? " -w '\\n%{http_code}'" : ""));
        shell.directory(work.toFile()).redirectErrorStream(curl);
        shell.environment().keySet().removeIf(name -> name.startsWith("DSAR_") || name.startsWith("EXPORT_"));
        if (!curl) {
            shell.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
        assertThat(process.exitValue()).as(command + "\n" + output).isZero();
        if (!curl) {
            return output.trim();
        }
        assertThat(output.lines().reduce((first, second) -> second)).as(command).hasValue("200");
        return output.substring(0, output.lastIndexOf('\n'));
    }

    private static String curl(List<String> printed, String pathPart) {
        return printed.stream().filter(line -> line.startsWith("curl ") && line.contains(pathPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no curl command for " + pathPart + " in " + printed));
    }

    private static String commandLine(List<String> printed) {
        return printed.stream().filter(line -> line.startsWith("DSAR_DATABASE_URL=embedded ")).findFirst()
                .orElseThrow(() -> new AssertionError("no command line in " + printed));
    }

    private static Matcher sample(List<String> printed) {
        for (String line : printed) {
            Matcher matcher = SAMPLE.matcher(line);
            if (matcher.matches()) {
                return matcher;
            }
        }
        throw new AssertionError("no sample user line in " + printed);
    }

    private static String sha256Of(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** A demo process of the test's installation; its stdout is read line by line as it comes. */
    private static final class Demo {
        final Process process;
        final Path err;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> printed = new ArrayList<>();

        private Demo(Process process, Path err) {
            this.process = process;
            this.err = err;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the process ended
                } finally {
                    lines.add("\u0000end");
                }
            }, "embedded-demo-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Demo start(Map<String, String> extraEnv, Path work) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(installation.resolve("bin/dsar").toString(), "demo");
            builder.directory(work.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("DSAR_") || name.startsWith("CLEANUP_")
                    || name.startsWith("EXPORT_") || name.startsWith("GDPR_") || name.equals("JAVA_OPTS"));
            builder.environment().put("EXPORT_STORAGE_PATH", installation.resolve("exports").toString());
            builder.environment().put("DSAR_HTTP_PORT", "0");
            builder.environment().put("DSAR_SKIP_REBUILD", "1");
            builder.environment().putAll(extraEnv);
            Path err = Files.createTempFile(work, "demo", ".err");
            builder.redirectError(err.toFile());
            return new Demo(builder.start(), err);
        }

        /** Everything printed up to the ready line; fails if the process ends (or hangs) before it. */
        List<String> awaitReady() throws Exception {
            while (true) {
                String line = lines.poll(180, TimeUnit.SECONDS);
                if (line == null || line.equals("\u0000end")) {
                    throw new AssertionError("the demo ended or hung before it was ready; stdout: " + printed
                            + "; stderr: " + stderr());
                }
                printed.add(line);
                if (line.equals(DemoCommand.READY_LINE)) {
                    return printed;
                }
            }
        }

        /** SIGTERM, as Ctrl-C or a service manager would stop it; its exit code. */
        int terminate() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the demo did not stop on SIGTERM");
            }
            return process.exitValue();
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }
}
