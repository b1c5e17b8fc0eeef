package dev.dsar.bootstrap.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/dsar serve} as a real process on the packaged jar, its log in a file; killed with SIGKILL or
 * stopped with SIGTERM, and in any case killed on {@link #close()}.
 */
final class ServeProcess implements AutoCloseable {

    static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    static final String SECRET = "fault-suite-secret-0123456789-0123456789";
    private static final Pattern LISTENING = Pattern.compile(" listening on \\S+:(\\d+) ");

    private final Process process;
    private final Path log;
    private final int port;

    private ServeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts serve with nothing configured from the test's own environment but {@code env}; waits until it listens. */
    static ServeProcess start(Map<String, String> env, Path logDirectory, String instance) {
        ProcessBuilder builder = new ProcessBuilder(REPOSITORY.resolve("bin/dsar").toString(), "serve");
        builder.directory(REPOSITORY.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DSAR_") || name.startsWith("CLEANUP_")
                || name.startsWith("EXPORT_") || name.startsWith("GDPR_") || name.equals("JAVA_OPTS"));
        builder.environment().putAll(Map.of("DSAR_JWT_SECRET", SECRET, "DSAR_HTTP_HOST", "127.0.0.1",
                "DSAR_HTTP_PORT", "0", "DSAR_SKIP_REBUILD", "1", "DSAR_INSTANCE_ID", instance,
                "JAVA_OPTS", "-Xmx128m"));
        builder.environment().putAll(env);
        Path log = logDirectory.resolve(instance + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int port = Deadline.awaitValue(Duration.ofSeconds(90), "serve " + instance + " listening", () -> {
                String text = read(log);
                if (!process.isAlive()) {
                    throw new AssertionError("serve " + instance + " ended before listening: " + text);
                }
                Matcher matcher = LISTENING.matcher(text);
                return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
            });
            return new ServeProcess(process, log, port);
        } catch (RuntimeException | Error failed) {
            process.destroyForcibly();
            throw failed;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String log() {
        return read(log);
    }

    /** SIGKILL: no shutdown hook, no cleanup, nothing flushed; returns once the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("serve did not die on SIGKILL");
        }
    }

    /** SIGTERM, as a service manager stops it; the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not stop on SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
