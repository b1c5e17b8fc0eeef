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
        MigrateResult result = flyway.migrate();
        String version = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        return new Applied(schema, result.migrationsExecuted, version);
    }
}
