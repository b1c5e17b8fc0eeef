package dev.dsar.adapters.persistence.testing;

import dev.dsar.adapters.persistence.PostgresLocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The tests' last resort: an embedded PostgreSQL (the same library and binaries as {@code DSAR_DATABASE_URL=embedded}),
 * started once per test JVM in a temporary directory on a free port, stopped and removed when the JVM ends.
 */
final class EmbeddedTestPostgres {

    private EmbeddedTestPostgres() {
    }

    static PostgresLocation start() {
        try {
            Path directory = Files.createTempDirectory("dsar-test-postgres-");
            Path log = directory.resolve("postgresql.log");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.resolve("data"))
                    .setRegisterShutdownHook(false)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "")
                    // Throw-away data: durability buys nothing here.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is ending; the directory goes below in any case
                }
                deleteRecursively(directory);
            }, "embedded-test-postgres-stop"));
            return PostgresLocation.parse("postgresql://postgres@localhost:" + postgres.getPort() + "/postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL for the tests did not start", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
