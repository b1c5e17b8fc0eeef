package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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

/**
 * A {@code bin/dsar demo} process for the process tests: its stdout read line by line as it comes, its stderr in a
 * file; and what a newcomer does with what it prints (paste a command into a shell).
 */
final class DemoProcess {

    static final Pattern SAMPLE = Pattern.compile(
            "^Sample user (\\d+) \\(demo\\.user@example\\.org(, just inserted)?\\): export (\\S+) completed, (\\d+) bytes,"
                    + " sha256 ([0-9a-f]{64})$");
    private static final String END = "\u0000end";

    final Process process;
    private final Path err;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> printed = new ArrayList<>();

    private DemoProcess(Process process, Path err) {
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
                lines.add(END);
            }
        }, "demo-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code binDsar demo} in {@code work} with no setting of the caller's environment but {@code env}. */
    static DemoProcess start(Path binDsar, Path work, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(binDsar.toString(), "demo");
        builder.directory(work.toFile());
        withoutSettings(builder.environment());
        builder.environment().putAll(env);
        Path err = Files.createTempFile(work, "demo", ".err");
        builder.redirectError(err.toFile());
        return new DemoProcess(builder.start(), err);
    }

    /** Everything printed up to the ready line; fails if the process ends (or hangs) before it. */
    List<String> awaitReady() throws Exception {
        while (true) {
            String line = lines.poll(180, TimeUnit.SECONDS);
            if (line == null || line.equals(END)) {
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

    /**
     * Runs one printed command in {@code work}, in a shell that has the printed token assignments and none of the
     * service's settings. A curl must answer 200: its body is returned. Any other command must exit 0: its stdout
     * is returned.
     */
    static String paste(List<String> printed, String command, Path work) throws Exception {
        String tokens = printed.stream().filter(line -> line.matches("^(TOKEN|ADMIN_TOKEN)='[^']+'$"))
                .collect(Collectors.joining("\n"));
        boolean curl = command.startsWith("curl ");
        ProcessBuilder shell = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
                tokens + "\n" + command + (curl ? " -w '\\n%{http_code}'" : ""));
        shell.directory(work.toFile());
        withoutSettings(shell.environment());
        if (curl) {
            shell.redirectErrorStream(true);
        } else {
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

    /** The first printed curl command whose URL holds {@code pathPart}. */
    static String curl(List<String> printed, String pathPart) {
        return printed.stream().filter(line -> line.startsWith("curl ") && line.contains(pathPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no curl command for " + pathPart + " in " + printed));
    }

    /** The printed sample user line: id, "just inserted" or not, reference, bytes, sha256. */
    static Matcher sample(List<String> printed) {
        for (String line : printed) {
            Matcher matcher = SAMPLE.matcher(line);
            if (matcher.matches()) {
                return matcher;
            }
        }
        throw new AssertionError("no sample user line in " + printed);
    }

    static String sha256Of(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void withoutSettings(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("DSAR_") || name.startsWith("CLEANUP_")
                || name.startsWith("EXPORT_") || name.startsWith("GDPR_") || name.equals("JAVA_OPTS"));
    }
}
