package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.StoredFilePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The environment variables each command reads, with their defaults, shown at the end of its {@code --help}:
 * the service is configured by environment only, so a help without them would leave out what matters most.
 */
final class CommandEnvironment {

    private record Variable(String name, String value, String meaning) {
    }

    private static final Variable DATABASE = new Variable("DSAR_DATABASE_URL",
            DsarConfig.DEFAULT_DATABASE_URL, "service database (URI, user and password in it)");
    private static final Variable SOURCE = new Variable("DSAR_SOURCE_DATABASE_URL", "(unset: DSAR_DATABASE_URL)",
            "where the personal data lives");
    private static final Variable STORAGE = new Variable("EXPORT_STORAGE_PATH", DsarConfig.DEFAULT_EXPORT_STORAGE_PATH,
            "export directory");
    private static final Variable SECTIONS = new Variable("DSAR_SECTIONS_CONFIG", "(unset: built-in demo sections)",
            "sections file (docs/exports.md)");
    private static final List<Variable> RETENTION = List.of(
            new Variable("GDPR_DSAR_EXPORT_RETENTION_DAYS", Long.toString(RetentionPolicy.DEFAULT_RETENTION.toDays()),
                    "retention after completion, days"),
            new Variable("DSAR_EXPORT_RETENTION", "(unset)", "ISO-8601 duration; overrides the days"));
    private static final List<Variable> CLEANUP = List.of(
            new Variable("DSAR_FAILED_EXPORT_RETENTION", RetentionPolicy.DEFAULT_FAILED_RETENTION.toString(),
                    "keep partial files of failed exports"),
            new Variable("CLEANUP_ORPHAN_GRACE", StoredFilePolicy.DEFAULT_ORPHAN_GRACE.toString(),
                    "age before an unreferenced export file is deleted"),
            new Variable("DSAR_AUDIT_RETENTION", "(unset: keep)", "purge audit events older than this"));
    private static final List<Variable> JWT_CLAIMS = List.of(
            new Variable("DSAR_JWT_ISSUER", "(unset)", "iss claim, checked when set"),
            new Variable("DSAR_JWT_AUDIENCE", "(unset)", "aud claim, checked when set"));

    private CommandEnvironment() {
    }

    /** Adds an "Environment" section to the help of the command and of each subcommand. */
    static void describe(CommandLine root) {
        Map<String, List<Variable>> byCommand = new LinkedHashMap<>();
        byCommand.put("serve", service(new Variable("DSAR_JWT_SECRET", "(required, no default)",
                "HS256 key, at least 32 bytes")));
        byCommand.put("demo", service(new Variable("DSAR_JWT_SECRET", "(generated for the run)",
                "HS256 key, at least 32 bytes when set")));
        byCommand.put("migrate", List.of(DATABASE, new Variable(SOURCE.name(), SOURCE.value(),
                "where --with-demo-schema creates the demo tables")));
        byCommand.put("request", concat(List.of(DATABASE), RETENTION));
        byCommand.put("export", concat(List.of(DATABASE, SOURCE, STORAGE, SECTIONS), RETENTION));
        byCommand.put("cleanup", concat(concat(List.of(DATABASE, STORAGE), RETENTION), CLEANUP));
        byCommand.put("stats", List.of(DATABASE, STORAGE));
        byCommand.put("token", concat(List.of(new Variable("DSAR_JWT_SECRET", "(required, no default)",
                "HS256 key, at least 32 bytes")), JWT_CLAIMS));
        byCommand.forEach((name, variables) -> {
            CommandLine command = root.getSubcommands().get(name);
            if (command != null) {
                command.getCommandSpec().usageMessage().footerHeading("%nEnvironment (NAME=default):%n")
                        .footer(lines(variables));
            }
        });
        root.getCommandSpec().usageMessage().footerHeading("%n").footer(
                "Configuration is read from environment variables; 'bin/dsar help <command>' lists those each command"
                        + " uses. bin/dsar passes JAVA_OPTS to the JVM. Exit codes: 0 done, 1 failed, 2 bad usage or"
                        + " configuration.");
    }

    private static List<Variable> service(Variable secret) {
        List<Variable> variables = new ArrayList<>(List.of(secret, DATABASE, SOURCE,
                new Variable("DSAR_HTTP_HOST", "0.0.0.0", "listen address"),
                new Variable("DSAR_HTTP_PORT", "8080", "listen port (0: any free port)"), STORAGE, SECTIONS));
        variables.addAll(RETENTION);
        variables.addAll(CLEANUP);
        variables.addAll(List.of(
                new Variable("CLEANUP_ENABLED", "true", "run the periodic cleanup"),
                new Variable("CLEANUP_INTERVAL_MINUTES", "60", "cleanup period"),
                new Variable("DSAR_CLEANUP_INTERVAL", "(unset)", "ISO-8601 duration; overrides the minutes"),
                new Variable("DSAR_EXPORT_CONCURRENCY", "2", "exports generated at once"),
                new Variable("DSAR_EXPORT_WORKER_ENABLED", "true", "run the export worker"),
                new Variable("DSAR_INSTANCE_ID", "$HOSTNAME-pid-xxxx", "name in leases, runs and logs"),
                new Variable("DSAR_LOG_LEVEL", "INFO", "log level")));
        variables.addAll(JWT_CLAIMS);
        return variables;
    }

    private static List<Variable> concat(List<Variable> first, List<Variable> second) {
        List<Variable> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String[] lines(List<Variable> variables) {
        // NAME=default, then what it is on a line of its own: no line is wrapped at 80 columns.
        return variables.stream().map(variable -> ("  " + variable.name() + "=" + variable.value() + "%n      "
                + variable.meaning())).toArray(String[]::new);
    }
}
