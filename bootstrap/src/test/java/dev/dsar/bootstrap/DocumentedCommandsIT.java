package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.DemoDataset;
import dev.dsar.bootstrap.testing.DemoData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation cannot drift: every command it shows is run. The convention, for README.md, docs/*.md and
 * docs/adr/*.md:
 *
 * <ul>
 *   <li>A fenced code block whose info string is {@code sh} is executed. Every other block is an illustration
 *       ({@code text} for output and layouts, {@code json}, {@code yaml}, ...) and never runs. Every fence names
 *       its info string, and {@code bash}, {@code shell}, {@code console} and {@code zsh} are refused: they would
 *       look runnable without being run.</li>
 *   <li>The {@code sh} blocks of one file run in order, as one {@code bash -euo pipefail} script whose working
 *       directory is the repository root, with {@code DSAR_DATABASE_URL} (a fresh database with the demo schema
 *       and {@link DemoData}), {@code EXPORT_STORAGE_PATH} and {@code TMPDIR} (temporary directories),
 *       {@code DSAR_JWT_SECRET}, and a service started by this test (export worker on, periodic cleanup off) on a
 *       free port: the documents write {@code http://localhost:8080}, rewritten to that port before running.</li>
 *   <li>Every command must exit 0: a curl that expects a 2xx says {@code -f} (or {@code --fail-with-body}); one
 *       that shows an error status checks it explicitly with {@code -w '%{http_code}'}. Each curl is checked for
 *       one of the two.</li>
 *   <li>Long-running commands are the exception, named in {@link #RUN_ELSEWHERE} with the test that covers
 *       them; they must stand alone on their line to be recognised.</li>
 *   <li>The benchmark commands of docs/performance.md run for minutes and need nginx and wrk: they are in
 *       {@code text} blocks, and every line of those blocks that names {@code benchmarks/...} must name an
 *       executable script that exists ({@link #benchmarkCommandsNameExistingScripts}).</li>
 *   <li>The scripts must leave the repository root as they found it (downloads go to {@code $TMPDIR}).</li>
 * </ul>
 */
class DocumentedCommandsIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    static final String DOCUMENTED_BASE = "http://localhost:8080";
    static final long SCRIPT_LIMIT_SECONDS = 60;

    /** The commands the documents show but this test does not run, and who runs them instead. */
    static final Map<String, String> RUN_ELSEWHERE = Map.of(
            "bin/dsar demo", "runs until stopped; DemoIT runs it",
            "bin/dsar serve", "runs until stopped; this test runs the service itself",
            "mvn -B verify", "the build itself; .ci/run runs it");

    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(.*)$");
    private static final Set<String> LOOKS_RUNNABLE = Set.of("bash", "shell", "console", "zsh", "shell-session");
    /** {@code NAME=value } prefixes of a command line, quoted values included. */
    private static final Pattern ASSIGNMENTS = Pattern.compile(
            "^(?:[A-Za-z_][A-Za-z0-9_]*=(?:\"[^\"]*\"|'[^']*'|\\S*)\\s+)*");
    private static final Pattern CURL = Pattern.compile("(?:^|[\\s;&|(`$])curl\\s");
    private static final Pattern CURL_FAILS = Pattern.compile("\\s(?:-[a-zA-Z]*f[a-zA-Z]*|--fail|--fail-with-body)(?=\\s|$)");

    @TempDir
    static Path exports;

    @TempDir
    static Path tmp;

    private static String secret;
    private static DsarService service;

    record Block(Path file, int line, String info, List<String> lines) {
    }

    @BeforeAll
    static void startTheService() {
        DemoData.insert(db);
        // The README's examples use user 1: the sample user that bin/dsar demo inserts into a fresh database.
        assertThat(new DemoDataset(db.location()).ensureSampleUser().id()).isEqualTo(1);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secret = HexFormat.of().formatHex(key);
        service = DsarService.start(DsarConfig.from(Map.of(
                "DSAR_DATABASE_URL", db.uri(),
                "EXPORT_STORAGE_PATH", exports.toString(),
                "DSAR_JWT_SECRET", secret,
                "DSAR_HTTP_HOST", "127.0.0.1",
                "DSAR_HTTP_PORT", "0",
                // A documented admin cleanup must not meet a periodic cycle holding the lock.
                "CLEANUP_ENABLED", "false")), Clock.systemUTC());
    }

    @AfterAll
    static void stopTheService() {
        if (service != null) {
            service.stop();
        }
    }

    @TestFactory
    Stream<DynamicTest> theShellBlocksOfEveryDocumentRunInOrderAndSucceed() {
        List<Path> withCommands = documents().stream().filter(file -> !blocks(file, "sh").isEmpty()).toList();
        assertThat(withCommands).as("documents with commands").contains(REPOSITORY.resolve("README.md"));
        return withCommands.stream().map(file -> DynamicTest.dynamicTest(REPOSITORY.relativize(file).toString(),
                () -> run(file)));
    }

    @Test
    void everyFenceSaysWhetherItRuns() {
        List<String> problems = new ArrayList<>();
        for (Path file : documents()) {
            for (Block block : blocks(file)) {
                if (block.info().isEmpty() || LOOKS_RUNNABLE.contains(block.info())) {
                    problems.add(where(block) + ": info string '" + block.info() + "' (use sh to run it, text or"
                            + " a data format to show it)");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocumentedCurlChecksItsStatus() {
        List<String> problems = new ArrayList<>();
        int curls = 0;
        for (Path file : documents()) {
            for (Block block : blocks(file, "sh")) {
                for (String command : logicalLines(block.lines())) {
                    if (CURL.matcher(command).find()) {
                        curls++;
                        if (!CURL_FAILS.matcher(command).find() && !command.contains("%{http_code}")) {
                            problems.add(where(block) + ": " + command);
                        }
                    }
                }
            }
        }
        assertThat(curls).as("documented curl commands").isPositive();
        assertThat(problems).as("curl without -f and without an explicit status check").isEmpty();
    }

    /** Each line of the performance document's text blocks that names a benchmark names an existing script. */
    @Test
    void benchmarkCommandsNameExistingScripts() {
        Pattern script = Pattern.compile("(?:^|\\s)(benchmarks/\\S+\\.(?:sh|py))(?=\\s|$)");
        List<String> named = new ArrayList<>();
        for (Block block : blocks(REPOSITORY.resolve("docs/performance.md"), "text")) {
            for (String line : block.lines()) {
                Matcher matcher = script.matcher(line);
                while (matcher.find()) {
                    named.add(matcher.group(1));
                }
            }
        }
        assertThat(named).as("benchmark commands in docs/performance.md").isNotEmpty();
        assertThat(named).allSatisfy(path -> assertThat(REPOSITORY.resolve(path)).as(path).isRegularFile().isExecutable());
    }

    private void run(Path file) throws Exception {
        String script = script(file, service.port());
        Path scriptFile = Files.createTempFile(tmp, "doc", ".sh");
        Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
        Path output = Files.createTempFile(tmp, "doc", ".out");
        Set<Path> rootBefore = rootEntries();

        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", scriptFile.toString());
        builder.directory(REPOSITORY.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("DSAR_") || name.startsWith("EXPORT_")
                || name.startsWith("CLEANUP_") || name.startsWith("GDPR_"));
        env.put("DSAR_DATABASE_URL", db.uri());
        env.put("EXPORT_STORAGE_PATH", exports.toString());
        env.put("DSAR_JWT_SECRET", secret);
        env.put("DSAR_SKIP_REBUILD", "1");
        env.put("TMPDIR", tmp.toString());
        Process process = builder.start();
        boolean finished = process.waitFor(SCRIPT_LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        String shown = REPOSITORY.relativize(file) + " as run:\n" + numbered(script) + "\noutput:\n"
                + Files.readString(output, StandardCharsets.UTF_8);

        assertThat(finished).as("finished within %d s; %s", SCRIPT_LIMIT_SECONDS, shown).isTrue();
        assertThat(process.exitValue()).as(shown).isZero();
        assertThat(rootEntries()).as("the repository root after %s", file.getFileName()).isEqualTo(rootBefore);
    }

    /** The file's sh blocks as one script, long-running commands replaced by a note, the port rewritten. */
    static String script(Path file, int port) {
        StringBuilder script = new StringBuilder("trap 'echo \"documented command failed (exit $?): $BASH_COMMAND\" >&2' ERR\n");
        for (Block block : blocks(file, "sh")) {
            script.append("# ").append(where(block)).append('\n');
            for (String line : block.lines()) {
                String command = ASSIGNMENTS.matcher(line.trim()).replaceFirst("");
                String elsewhere = RUN_ELSEWHERE.get(command);
                script.append(elsewhere != null ? ": # " + line.trim() + ": " + elsewhere : line.replace(
                        DOCUMENTED_BASE, "http://localhost:" + port)).append('\n');
            }
        }
        return script.toString();
    }

    static List<Path> documents() {
        try (Stream<Path> docs = Files.list(REPOSITORY.resolve("docs")); Stream<Path> adrs = Files.list(REPOSITORY.resolve("docs/adr"))) {
            List<Path> files = new ArrayList<>(List.of(REPOSITORY.resolve("README.md")));
            files.addAll(Stream.concat(docs, adrs).filter(path -> path.toString().endsWith(".md")).sorted().toList());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> blocks(Path file, String info) {
        return blocks(file).stream().filter(block -> block.info().equals(info)).toList();
    }

    /** The fenced code blocks of a Markdown file, with their info strings and contents (fence indentation removed). */
    static List<Block> blocks(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String info = open.group(2).trim().split("\\s+")[0];
            List<String> content = new ArrayList<>();
            int start = i + 1;
            for (i = start; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
                String line = lines.get(i);
                content.add(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading());
            }
            assertThat(i).as("%s: the block opened at line %d is closed", file.getFileName(), start).isLessThan(lines.size());
            blocks.add(new Block(file, start, info, content));
        }
        return blocks;
    }

    /** Lines continued with a trailing backslash joined into one command. */
    static List<String> logicalLines(List<String> lines) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                commands.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            commands.add(current.toString());
        }
        return commands;
    }

    private static String where(Block block) {
        return REPOSITORY.relativize(block.file()) + ":" + block.line();
    }

    private static Set<Path> rootEntries() throws IOException {
        try (Stream<Path> entries = Files.list(REPOSITORY)) {
            return entries.collect(Collectors.toSet());
        }
    }

    private static String numbered(String script) {
        List<String> lines = script.lines().toList();
        StringBuilder numbered = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            numbered.append(String.format("%4d  %s%n", i + 1, lines.get(i)));
        }
        return numbered.toString();
    }
}
