package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.adapters.objectstorage.ObjectUploads;
import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
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
        return dsarIn(REPOSITORY, extraEnv, args);
    }

    private Run dsarIn(Path directory, Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(REPOSITORY.resolve("bin/dsar").toString());
        builder.command().addAll(java.util.List.of(args));
        builder.directory(directory.toFile());
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
    void commandsThatPrintJsonPrintAJsonErrorAndOneLineOnStderrWhenTheDatabaseIsUnreachable() throws Exception {
        Map<String, String> unreachable = Map.of("DSAR_DATABASE_URL", "postgresql://someone:hunter2@127.0.0.1:1/nowhere");
        for (String[] args : new String[][] {{"request", "--user-id", "5"}, {"export", "GDPR-ANY"}, {"stats"}}) {
            Run run = dsar(unreachable, args);

            String what = String.join(" ", args);
            assertThat(run.exitCode()).as(what).isEqualTo(DsarCli.FAILED);
            assertThat(run.err().lines()).as(what).singleElement().asString().startsWith("dsar: ")
                    .contains("DSAR_DATABASE_URL: cannot reach someone@127.0.0.1:1/nowhere: connection refused")
                    .doesNotContain("hunter2");
            assertThat(new JsonObject(run.out().strip()).getBoolean("ok")).as(what).isFalse();
        }
    }

    @Test
    void aRelativeExportStoragePathMeansTheSameFolderFromAnyWorkingDirectory() throws Exception {
        Path relative = Path.of("bootstrap", "target", "relative-exports-" + System.nanoTime());
        Path store = Files.createDirectories(REPOSITORY.resolve(relative));
        try {
            Files.write(store.resolve("dsar_GDPR-REL-1_20260101_000000.zip"), new byte[] {1, 2, 3});

            assertThat(dsar(Map.of(), "migrate").exitCode()).isZero();
            Run stats = dsarIn(exports, Map.of("EXPORT_STORAGE_PATH", relative.toString()), "stats");

            assertThat(stats.exitCode()).as(stats.err()).isZero();
            JsonObject json = new JsonObject(stats.out());
            assertThat(json.getString("export_directory")).isEqualTo(store.toString());
            assertThat(json.getJsonObject("storage").getLong("total_files")).isEqualTo(1);
            assertThat(exports.resolve(relative)).doesNotExist();
        } finally {
            try (var files = Files.list(store)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(store);
        }
    }

    @Test
    void helpAndVersionWorkAsAFirstCommand() throws Exception {
        Run help = dsar(Map.of(), "help");
        Run serveHelp = dsar(Map.of(), "help", "serve");
        Run version = dsar(Map.of(), "--version");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("bin/dsar help <command>");
        assertThat(serveHelp.out()).contains("DSAR_JWT_SECRET=(required, no default)");
        assertThat(version.out().strip()).matches("dsar \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
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
    void exportUnderA64MegabyteHeapStreamsMoreDataThanTheHeapHolds() throws Exception {
        dsar(Map.of(), "migrate", "--with-demo-schema");
        // About 90 MB of JSON for one user: held in memory, it would not fit in the heap.
        db.execute("INSERT INTO users (id, email, display_name, created_at) VALUES (77, 'big@example.org', 'Big', now());"
                + " INSERT INTO audit_logs (user_id, action, ip, details, created_at)"
                + " SELECT 77, 'action-' || i, '198.51.100.' || (i % 256),"
                + " jsonb_build_object('request_id', md5(i::text), 'agent', 'Mozilla/5.0 (X11; Linux x86_64)', 'n', i),"
                + " now() FROM generate_series(1, 300000) i");
        dsar(Map.of(), "request", "--user-id", "77", "--reference", "GDPR-BIG-EXPORT");

        Run export = dsar(Map.of("JAVA_OPTS", "-Xmx64m"), "export", "GDPR-BIG-EXPORT");

        assertThat(export.exitCode()).as(export.err()).isZero();
        JsonObject printed = new JsonObject(export.out().strip());
        Path file = Path.of(printed.getString("file_path"));
        assertThat(Files.size(file)).isEqualTo(printed.getLong("bytes"));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            String first = zip.entries().nextElement().getName();
            String root = first.substring(0, first.indexOf('/') + 1);
            JsonObject meta = new JsonObject(new String(zip.getInputStream(zip.getEntry(root + "meta.json")).readAllBytes(),
                    StandardCharsets.UTF_8));
            assertThat(meta.getJsonObject("record_counts").getLong("audit_logs")).isEqualTo(300_000);
            long lines;
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                    zip.getInputStream(zip.getEntry(root + "audit_logs.json")), StandardCharsets.UTF_8))) {
                lines = reader.lines().count();
            }
            assertThat(lines).as("one row per line between the brackets").isEqualTo(300_002);
        }
    }

    @Test
    void exportIntoAnObjectStoreUnderA64MegabyteHeapStreamsItInPartsAndStoresItsChecksum() throws Exception {
        Run migrate = dsar(Map.of(), "migrate", "--with-demo-schema");
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        // About 90 MB of JSON for one user (about 11 MB compressed), uploaded in 8 MiB parts.
        db.execute("INSERT INTO users (id, email, display_name, created_at) VALUES (78, 'big-s3@example.org', 'Big', now());"
                + " INSERT INTO audit_logs (user_id, action, ip, details, created_at)"
                + " SELECT 78, 'action-' || i, '198.51.100.' || (i % 256),"
                + " jsonb_build_object('request_id', md5(i::text), 'agent', 'Mozilla/5.0 (X11; Linux x86_64)', 'n', i),"
                + " now() FROM generate_series(1, 300000) i");
        dsar(Map.of(), "request", "--user-id", "78", "--reference", "GDPR-BIG-S3-EXPORT");
        String prefix = "bin-" + java.util.UUID.randomUUID() + "/";
        Map<String, String> env = new java.util.HashMap<>(TestObjectStore.serviceEnvironment(prefix));
        env.put("JAVA_OPTS", "-Xmx64m");
        if (System.getenv("DSAR_TEST_S3_ENDPOINT") == null) {
            env.put("AWS_ACCESS_KEY_ID", TestObjectStore.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", TestObjectStore.SECRET_KEY);
        }
        try {
            Run export = dsar(env, "export", "GDPR-BIG-S3-EXPORT");

            assertThat(export.exitCode()).as(export.err()).isZero();
            JsonObject printed = new JsonObject(export.out().strip());
            String location = printed.getString("file_path");
            assertThat(location).startsWith("s3://" + TestObjectStore.bucket() + "/" + prefix + "dsar_GDPR-BIG-S3-EXPORT_");
            String key = location.substring(("s3://" + TestObjectStore.bucket() + "/").length());
            try (var s3 = TestObjectStore.client()) {
                var head = s3.headObject(b -> b.bucket(TestObjectStore.bucket()).key(key));
                assertThat(head.contentLength()).as("more than one part").isEqualTo(printed.getLong("bytes"))
                        .isGreaterThan(ObjectUploads.PART_SIZE);
                assertThat(head.metadata()).containsEntry("sha256", printed.getString("sha256"));
                assertThat(s3.listMultipartUploads(b -> b.bucket(TestObjectStore.bucket()).prefix(prefix)).uploads()).isEmpty();
            }
        } finally {
            TestObjectStore.clear(prefix);
        }
    }

    @Test
    void nonNumericPortStopsServeWithANonZeroExitNamingTheVariable() throws Exception {
        Run serve = dsar(Map.of("DSAR_HTTP_PORT", "abc", "DSAR_JWT_SECRET", "x".repeat(32)), "serve");

        assertThat(serve.exitCode()).isNotZero();
        assertThat(serve.err()).contains("DSAR_HTTP_PORT");
        assertThat(serve.out()).isEmpty();
    }
    /**
     * SIGTERM, as a service manager stops it: the service stops cleanly, writes the download receipts it holds and
     * the process exits 0 (not 143, the JVM's answer to a signal).
     */
    @Test
    void serveStopsCleanlyOnSigtermWritesItsDownloadReceiptsAndExitsZero() throws Exception {
        Map<String, String> env = Map.of("DSAR_JWT_SECRET", "bin-dsar-it-secret-0123456789-0123456789",
                "DSAR_HTTP_HOST", "127.0.0.1", "DSAR_HTTP_PORT", "0", "CLEANUP_ENABLED", "false");
        assertThat(dsar(env, "migrate", "--with-demo-schema").exitCode()).isZero();
        assertThat(dsar(env, "request", "--user-id", "4242", "--reference", "GDPR-SERVE-STOP").exitCode()).isZero();
        Run export = dsar(env, "export", "GDPR-SERVE-STOP");
        assertThat(export.exitCode()).as(export.err()).isZero();
        String token = dsar(env, "token", "--user-id", "4242").out().strip();

        ProcessBuilder builder = new ProcessBuilder(REPOSITORY.resolve("bin/dsar").toString(), "serve");
        builder.directory(REPOSITORY.toFile());
        builder.environment().put("DSAR_DATABASE_URL", db.uri());
        builder.environment().put("EXPORT_STORAGE_PATH", exports.toString());
        builder.environment().put("DSAR_SKIP_REBUILD", "1");
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process serve = builder.start();
        StringBuilder log = new StringBuilder();
        Thread drain;
        try {
            Listening listening = awaitListening(serve, log);
            drain = listening.drain();
            int port = listening.port();
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            java.net.http.HttpResponse<byte[]> download = client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + port + "/api/dsar/download/GDPR-SERVE-STOP"))
                            .header("Authorization", "Bearer " + token).timeout(java.time.Duration.ofSeconds(60)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);

            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        } finally {
            serve.destroyForcibly();
        }
        drain.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(serve.exitValue()).as("exit code after SIGTERM; stderr: %s", log).isZero();
        try (Connection connection = TestPostgres.connect(db.location());
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT download_count FROM dsar_requests WHERE gdpr_reference_id = 'GDPR-SERVE-STOP'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getLong("download_count")).as("receipt written by the time the process ended").isOne();
        }
    }

    /** The port a started {@code serve} listens on, and the thread that reads the rest of its log. */
    private record Listening(int port, Thread drain) {
    }

    /** Reads the log (stderr) until the service says where it listens; the rest of it is read into {@code log}. */
    private static Listening awaitListening(Process serve, StringBuilder log) throws IOException {
        java.util.regex.Pattern listening = java.util.regex.Pattern.compile(" listening on \\S+:(\\d+) ");
        java.io.BufferedReader err = new java.io.BufferedReader(
                new java.io.InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            log.append(line).append('\n');
            java.util.regex.Matcher port = listening.matcher(line);
            if (port.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        for (String rest = err.readLine(); rest != null; rest = err.readLine()) {
                            log.append(rest).append('\n');
                        }
                    } catch (IOException closed) {
                        // the process ended
                    }
                }, "serve-stderr");
                drain.setDaemon(true);
                drain.start();
                return new Listening(Integer.parseInt(port.group(1)), drain);
            }
        }
        throw new AssertionError("serve ended before listening: " + log);
    }
}
