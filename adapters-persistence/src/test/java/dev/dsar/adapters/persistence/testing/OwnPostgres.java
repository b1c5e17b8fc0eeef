package dev.dsar.adapters.persistence.testing;

import dev.dsar.adapters.persistence.PostgresLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL server of the test's own, for tests that must stop, restart or break it: the shared server the
 * other tests use ({@link TestPostgres}) is never touched.
 *
 * <p>{@link #start()} runs {@code initdb} into a fresh temporary directory and {@code pg_ctl start} on a free
 * port, listening on 127.0.0.1 only, trust authentication (or a password, {@link #withPassword}), user
 * {@code postgres}, no fsync (a test server holds nothing worth keeping). {@link #stop()} / {@link #start()} simulate an outage and its end on the same port
 * and data; {@link #close()} stops it and deletes the directory. As a JUnit extension
 * ({@code @RegisterExtension static final OwnPostgres pg = OwnPostgres.create();}) it starts before the class
 * and is removed after it.
 *
 * <p>Binaries: {@code DSAR_TEST_PG_BIN} if set, else the newest {@code /usr/lib/postgresql/N/bin}, else
 * {@code pg_config --bindir}, else {@code initdb} on the {@code PATH}. PostgreSQL refuses to run as root, so
 * when the tests run as root the directory is given to the {@code postgres} OS user and every PostgreSQL
 * command runs through {@code runuser -u postgres --}; otherwise they run directly.
 */
public final class OwnPostgres implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String BIN_ENV = "DSAR_TEST_PG_BIN";
    private static final String OS_USER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path bin;
    private final boolean asRoot;
    private Path directory;
    private String password;
    private int port;
    private boolean running;

    private OwnPostgres(Path bin, boolean asRoot) {
        this.bin = bin;
        this.asRoot = asRoot;
    }

    /** Not started yet: {@link #start()} (or registration as an extension) creates and starts it. */
    public static OwnPostgres create() {
        return new OwnPostgres(findBinaries(), runningAsRoot());
    }

    /**
     * Before the first start: TCP connections must then give this password (SCRAM), as a production server
     * would ask; without it they are trusted.
     */
    public synchronized OwnPostgres withPassword(String password) {
        if (directory != null) {
            throw new IllegalStateException("the password is set before the server is created");
        }
        this.password = password;
        return this;
    }

    /** Creates and starts a server at once; the caller closes it. */
    public static OwnPostgres started() {
        OwnPostgres postgres = create();
        postgres.start();
        return postgres;
    }

    /** First call: initdb on a free port and start. Later calls (after {@link #stop()}): start again, same port. */
    public synchronized OwnPostgres start() {
        if (running) {
            return this;
        }
        if (directory == null) {
            initialise();
        }
        pgCtl("start", "-w", "-t", "60", "-l", directory.resolve("server.log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + directory + " -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off");
        running = true;
        return this;
    }

    /** Fast shutdown: open sessions are ended by the server (SQLSTATE 57P01), new connections are refused. */
    public synchronized void stop() {
        if (running) {
            pgCtl("stop", "-w", "-t", "60", "-m", "fast");
            running = false;
        }
    }

    public synchronized void restart() {
        stop();
        start();
    }

    public synchronized boolean running() {
        return running;
    }

    public synchronized int port() {
        requireInitialised();
        return port;
    }

    /** The maintenance database {@code postgres}, as user {@code postgres}, with the password if one is set. */
    public synchronized PostgresLocation location() {
        requireInitialised();
        String credentials = password == null ? "postgres" : "postgres:" + java.net.URLEncoder.encode(password,
                StandardCharsets.UTF_8);
        return PostgresLocation.parse("postgresql://" + credentials + "@127.0.0.1:" + port + "/postgres");
    }

    /** A new empty database on this server (the server must be running). */
    public PostgresLocation createDatabase(String name) {
        TestPostgres.execute(location(), "CREATE DATABASE " + name);
        return location().withDatabase(name);
    }

    /** The temporary directory holding the data, the socket and the logs (gone after {@link #close()}). */
    public synchronized Path directory() {
        requireInitialised();
        return directory;
    }

    /** The server's own log, for assertions and for failure messages. */
    public synchronized String serverLog() {
        requireInitialised();
        try {
            Path log = directory.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (directory == null) {
            return;
        }
        try {
            stop();
        } finally {
            deleteRecursively(directory);
            directory = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void initialise() {
        try {
            directory = Files.createTempDirectory("dsar-own-postgres-");
            if (asRoot) {
                UserPrincipal owner = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(directory, owner);
            }
            port = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for the test's PostgreSQL", e);
        }
        List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D",
                dataDirectory().toString(), "-U", OS_USER, "--encoding=UTF8", "--locale=C", "--no-sync",
                "--no-instructions"));
        Path passwordFile = directory.resolve("password");
        if (password == null) {
            initdb.add("--auth=trust");
        } else {
            try {
                Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            initdb.addAll(List.of("--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile));
        }
        try {
            run(initdb);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D",
                dataDirectory().toString()));
        command.addAll(List.of(arguments));
        run(command);
    }

    private Path dataDirectory() {
        return directory.resolve("data");
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        Path output = directory.resolve("command.out");
        try {
            Process process = new ProcessBuilder(full).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue()
                        + ": " + Files.readString(output, StandardCharsets.UTF_8).strip() + tail(serverLogQuietly()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private String serverLogQuietly() {
        try {
            return serverLog();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static String tail(String log) {
        return log.isEmpty() ? "" : "; server log: " + log.substring(Math.max(0, log.length() - 2000)).strip();
    }

    private void requireInitialised() {
        if (directory == null) {
            throw new IllegalStateException("the test's PostgreSQL has not been started");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException noProc) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Path findBinaries() {
        String configured = System.getenv(BIN_ENV);
        if (configured != null && !configured.isBlank()) {
            return requireInitdb(Path.of(configured.trim()), BIN_ENV + "=" + configured);
        }
        Path installed = newestUnder(Path.of("/usr/lib/postgresql"));
        if (installed != null) {
            return installed;
        }
        Path fromPgConfig = pgConfigBindir();
        if (fromPgConfig != null && Files.isExecutable(fromPgConfig.resolve("initdb"))) {
            return fromPgConfig;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                Path initdb = Path.of(entry, "initdb");
                if (Files.isExecutable(initdb)) {
                    return initdb.toAbsolutePath().getParent();
                }
            }
        }
        throw new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl) for a test's own server:"
                + " install PostgreSQL or set " + BIN_ENV + " to the directory that holds initdb.");
    }

    private static Path newestUnder(Path root) {
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
                    .max(Comparator.comparingInt(OwnPostgres::majorVersion)).orElse(null);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    private static Path pgConfigBindir() {
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? Path.of(out) : null;
        } catch (IOException | InterruptedException | RuntimeException noPgConfig) {
            if (noPgConfig instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    private static Path requireInitdb(Path bin, String origin) {
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException(origin + " holds no executable initdb and pg_ctl");
        }
        return bin;
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the test's PostgreSQL directory " + root, e);
        }
    }
}
