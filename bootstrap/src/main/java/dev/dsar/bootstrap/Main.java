package dev.dsar.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.dsar.adapters.persistence.DatabaseAvailability;
import dev.dsar.bootstrap.cli.DsarCli;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import org.slf4j.LoggerFactory;

public final class Main {

    /** Commands whose output is their JSON: the log only speaks up for warnings. */
    private static final Set<String> QUIET = Set.of("migrate", "request", "export", "cleanup", "stats", "token");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && QUIET.contains(args[0])) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
            // The command's own error line names the database that cannot be reached; the service's outage
            // warning would say it a second time.
            ((Logger) LoggerFactory.getLogger(DatabaseAvailability.class)).setLevel(Level.ERROR);
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = DsarCli.run(args, System.getenv(), out, err, Clock.systemUTC());
        System.exit(code);
    }
}
