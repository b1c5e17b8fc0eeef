package dev.dsar.bootstrap.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PostgreSQL server already running on a data directory, found through the {@code postmaster.pid} file the server
 * keeps there (line 1: its process id, line 4: its port): how a second process finds the server the first one
 * started, and how the last process stops a server it did not start itself.
 */
record RunningServer(long pid, int port) {

    private static final int CONNECT_TIMEOUT_MS = 2_000;

    /** The server of {@code dataDirectory}, if its process is alive and answers on its port. */
    static Optional<RunningServer> find(Path dataDirectory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException stopped) {
            return Optional.empty();
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read " + dataDirectory.resolve("postmaster.pid") + ": "
                    + unreadable.getMessage(), unreadable);
        }
        if (lines.size() < 4) {
            return Optional.empty();
        }
        try {
            RunningServer server = new RunningServer(Long.parseLong(lines.get(0).trim()),
                    Integer.parseInt(lines.get(3).trim()));
            return server.alive() && server.answers() ? Optional.of(server) : Optional.empty();
        } catch (NumberFormatException leftBehind) {
            return Optional.empty();
        }
    }

    private boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException nothing) {
            return false;
        }
    }

    /**
     * SIGTERM, PostgreSQL's "smart" shutdown (no new sessions; ends once the open ones have), then waits for the
     * process to end. Only called by the last process that uses the server, so no session of ours is open.
     */
    void stop(long timeoutSeconds) {
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null) {
            return;
        }
        // A process id is reused once its process has gone: signal only a PostgreSQL server.
        if (!process.info().command().map(command -> command.endsWith("postgres")).orElse(false)) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException stillRunning) {
            throw new IllegalStateException("the embedded PostgreSQL (pid " + pid + ") has not stopped within "
                    + timeoutSeconds + " s: a session is still open", stillRunning);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for the embedded PostgreSQL to stop", e);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
