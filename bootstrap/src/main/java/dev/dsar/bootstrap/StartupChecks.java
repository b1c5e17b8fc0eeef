package dev.dsar.bootstrap;

import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.adapters.persistence.SchemaMigrations;
import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.domain.ExportSection;
import io.vertx.core.Future;
import java.util.List;

/**
 * What {@code serve} and {@code export} check before doing anything, so that a broken setting stops start-up with
 * one line naming it, rather than surfacing at the first export: every section query against the source
 * database, and which database could not be reached.
 */
public final class StartupChecks {

    static final String DEMO_FIX = "for the built-in sections, create the demo tables with"
            + " `bin/dsar migrate --with-demo-schema`, or set DSAR_SECTIONS_CONFIG to a sections file for your schema";

    private StartupChecks() {
    }

    /** The service schema, migrated; a database that cannot be connected to is named by its variable. */
    public static SchemaMigrations.Applied migrateService(DsarConfig config) {
        try {
            return new SchemaMigrations(config.database()).migrateService();
        } catch (SchemaMigrations.CannotConnect failed) {
            throw new UnreachableDatabase("DSAR_DATABASE_URL: " + failed.getMessage());
        }
    }

    /** The demo tables, in the source database. */
    public static SchemaMigrations.Applied migrateDemo(DsarConfig config) {
        try {
            return new SchemaMigrations(config.sourceDatabase()).migrateDemo();
        } catch (SchemaMigrations.CannotConnect failed) {
            throw new UnreachableDatabase(sourceVariable(config) + ": " + failed.getMessage());
        }
    }

    /**
     * The source database answers, then every section query is described on it, one after the other; the
     * first failure stops.
     */
    public static Future<Void> sources(Components components) {
        DsarConfig config = components.config();
        Future<Void> checked = components.pingSource().recover(failure -> Future.failedFuture(
                DatabaseUnavailable.in(failure).<RuntimeException>map(down -> unreachable(down, config))
                        .orElseGet(() -> new UnreachableDatabase(sourceVariable(config) + ": cannot connect to "
                                + config.sourceDatabase().describe() + ": " + failure.getMessage()))));
        List<ExportSection> sections = components.sections().sections();
        for (ExportSection section : sections) {
            checked = checked.compose(previous -> components.describeSection(section)
                    .recover(failure -> Future.failedFuture(sectionProblem(config, failure))));
        }
        return checked;
    }

    private static RuntimeException sectionProblem(DsarConfig config, Throwable failure) {
        java.util.Optional<DatabaseUnavailable> down = DatabaseUnavailable.in(failure);
        if (down.isPresent()) {
            return unreachable(down.get(), config);
        }
        String fix = config.sectionsConfig().map(path -> "fix that section in " + path).orElse(DEMO_FIX);
        String variable = config.sectionsConfig().isPresent() ? "DSAR_SECTIONS_CONFIG" : sourceVariable(config);
        return new ConfigurationException(variable, failure.getMessage() + " on the source database "
                + config.sourceDatabase().describe() + "; " + fix);
    }

    /** One line naming the variable of the database that cannot be reached, never its password. */
    public static RuntimeException unreachable(DatabaseUnavailable unavailable, DsarConfig config) {
        boolean source = unavailable.databases().contains(DatabaseUnavailable.Database.SOURCE)
                && !unavailable.databases().contains(DatabaseUnavailable.Database.SERVICE);
        PostgresLocation location = source ? config.sourceDatabase() : config.database();
        return new UnreachableDatabase((source ? sourceVariable(config) : "DSAR_DATABASE_URL") + ": cannot reach "
                + location.describe() + (unavailable.reason().isEmpty() ? "" : ": " + unavailable.reason()));
    }

    /** The variable to fix for the source database: its own when set, else the service's, which it defaults to. */
    private static String sourceVariable(DsarConfig config) {
        return config.sourceDatabase().uri().equals(config.database().uri()) ? "DSAR_DATABASE_URL"
                : "DSAR_SOURCE_DATABASE_URL";
    }

    /** A database could not be used: an operational failure (exit 1), not a malformed setting (exit 2). */
    public static final class UnreachableDatabase extends RuntimeException {
        UnreachableDatabase(String message) {
            super(message, null, false, false);
        }
    }
}
