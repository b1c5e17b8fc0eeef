package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.ConfigurationException;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.StartupChecks;
import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.bootstrap.InstallationDirectory;
import dev.dsar.bootstrap.embedded.EmbeddedDatabase;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/dsar}: the operator's entry point. Commands print JSON on stdout; an error is one line on stderr
 * and a non-zero exit (1: the operation failed, 2: bad usage or configuration).
 */
@Command(name = "dsar",
        mixinStandardHelpOptions = true,
        versionProvider = DsarCli.Version.class,
        resourceBundle = "dev.dsar.bootstrap.cli.DsarCli",
        description = "GDPR DSAR export service: request, generate, download and expire personal data exports.",
        subcommands = {ServeCommand.class, DemoCommand.class, MigrateCommand.class, RequestCommand.class, ExportCommand.class,
                CleanupCommand.class, StatsCommand.class, TokenCommand.class, WebhooksCommand.class, CommandLine.HelpCommand.class})
public final class DsarCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;
    private DsarConfig config;
    private boolean embeddedInsteadOfDefault;
    private EmbeddedDatabase embedded;

    public DsarCli(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {
        DsarCli cli = new DsarCli(env, out, err, clock);
        CommandLine commandLine = new CommandLine(cli);
        CommandEnvironment.describe(commandLine);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((problem, ignoredArgs) -> {
            String message = problem.getCause() instanceof UsageError own ? own.getMessage() : problem.getMessage();
            err.println("dsar: " + message + " (see: bin/dsar --help)");
            err.flush();
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((failure, cmd, parsed) -> {
            String message = oneLine(shown(failure, cli.config));
            err.println("dsar: " + message);
            err.flush();
            if (cmd.getCommand() instanceof PrintsJson) {
                // A script reading stdout gets an answer it can parse, as for the command's own failures.
                out.println(new io.vertx.core.json.JsonObject().put("ok", false).put("error", message).encode());
                out.flush();
            }
            return failure instanceof ConfigurationException ? USAGE : FAILED;
        });
        int code = commandLine.execute(args);
        try {
            cli.releaseEmbeddedDatabase();
        } catch (RuntimeException notStopped) {
            err.println("dsar: " + oneLine(notStopped));
            code = code == OK ? FAILED : code;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** No command: serve, as a container entry point expects. */
    @Override
    public Integer call() throws Exception {
        return new ServeCommand(this).call();
    }

    DsarConfig config() {
        if (config == null) {
            config = DsarConfig.from(withEmbeddedDatabase());
        }
        return config;
    }

    /** For demo: with DSAR_DATABASE_URL unset, the embedded database instead of the default one. */
    void useEmbeddedDatabase() {
        embeddedInsteadOfDefault = true;
    }

    /** Leaves the embedded database, if one was opened; the last process to leave stops it. */
    void releaseEmbeddedDatabase() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** The environment with {@code embedded} replaced by the address of the embedded server, started if need be. */
    private Map<String, String> withEmbeddedDatabase() {
        boolean service = embeddedInsteadOfDefault || EmbeddedDatabase.requested(env.get("DSAR_DATABASE_URL"));
        boolean source = EmbeddedDatabase.requested(env.get("DSAR_SOURCE_DATABASE_URL"));
        if (!service && !source) {
            return env;
        }
        try {
            embedded = EmbeddedDatabase.open(InstallationDirectory.get());
        } catch (EmbeddedDatabase.Unavailable missingJars) {
            throw new ConfigurationException(service ? "DSAR_DATABASE_URL" : "DSAR_SOURCE_DATABASE_URL",
                    "embedded: " + missingJars.getMessage());
        }
        Map<String, String> resolved = new HashMap<>(env);
        String uri = embedded.location().uri();
        if (service) {
            resolved.put("DSAR_DATABASE_URL", uri);
        }
        if (source) {
            resolved.put("DSAR_SOURCE_DATABASE_URL", uri);
        }
        return resolved;
    }

    Map<String, String> env() {
        return env;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Clock clock() {
        return clock;
    }

    /** A database that cannot be reached is named by its variable (never with its password). */
    private static Throwable shown(Throwable failure, DsarConfig config) {
        // The configuration the command ran with (the embedded database resolved); none if it never got that far.
        if (config == null) {
            return failure;
        }
        return DatabaseUnavailable.in(failure).<Throwable>map(down -> StartupChecks.unreachable(down, config))
                .orElse(failure);
    }

    /** The cause chain's most telling message, on one line, without a stack trace. */
    static String oneLine(Throwable failure) {
        Throwable shown = failure;
        while ((shown.getMessage() == null || shown instanceof java.util.concurrent.CompletionException)
                && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    /** The Maven project version, written into a resource at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties build = new java.util.Properties();
            try (java.io.InputStream in = DsarCli.class.getResourceAsStream("/dsar-version.properties")) {
                if (in == null) {
                    throw new java.io.FileNotFoundException("dsar-version.properties is missing from the build");
                }
                build.load(in);
            }
            return new String[] {"dsar " + build.getProperty("version")};
        }
    }
}
