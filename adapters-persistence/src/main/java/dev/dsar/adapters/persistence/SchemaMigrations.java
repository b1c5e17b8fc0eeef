package dev.dsar.adapters.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the service's schema, and on demand the demo application's, with Flyway. Blocking (JDBC): call it
 * from the command line or a worker thread. Each set keeps its own history table, and both start from a
 * baseline of 0 so that they can be applied to a database that already holds the host application's tables.
 */
public final class SchemaMigrations {

    public record Applied(String schema, int migrationsApplied, String currentVersion) {
    }

    private final PostgresLocation database;

    /**
     * The database could not be connected to (refused, unknown host, wrong password, no such database): one line
     * naming where, with the server's or the driver's reason, never the password.
     */
    public static final class CannotConnect extends RuntimeException {

        private CannotConnect(String message) {
            super(message, null, false, false);
        }

        static java.util.Optional<CannotConnect> from(PostgresLocation database, Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
                        || sql.getSQLState().startsWith("3D") || sql.getSQLState().startsWith("57P0"))) {
                    String reason = sql.getMessage() == null ? sql.getSQLState() : sql.getMessage().lines().findFirst()
                            .orElse("").replace(database.password() == null ? "\0" : database.password(), "***");
                    return java.util.Optional.of(new CannotConnect("cannot connect to " + database.describe() + ": "
                            + reason.strip()));
                }
            }
            return java.util.Optional.empty();
        }
    }

    public SchemaMigrations(PostgresLocation database) {
        this.database = database;
    }

    public Applied migrateService() {
        return migrate("service", "classpath:db/migration", "dsar_schema_history");
    }

    public Applied migrateDemo() {
        return migrate("demo", "classpath:db/demo", "dsar_demo_schema_history");
    }

    private Applied migrate(String schema, String location, String historyTable) {
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (org.flywaydb.core.api.FlywayException failed) {
            throw CannotConnect.from(database, failed).orElseThrow(() -> failed);
        }
        String version = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        return new Applied(schema, result.migrationsExecuted, version);
    }
}
