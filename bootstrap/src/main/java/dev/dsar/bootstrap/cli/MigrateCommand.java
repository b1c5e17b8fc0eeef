package dev.dsar.bootstrap.cli;

import dev.dsar.adapters.persistence.SchemaMigrations;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply the service's schema (and with --with-demo-schema the demo application's tables).")
final class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    private DsarCli cli;

    @Option(names = "--with-demo-schema", description = "Also create the demo application tables (users, workflows, ...).")
    private boolean withDemoSchema;

    @Override
    public Integer call() {
        SchemaMigrations migrations = new SchemaMigrations(cli.config().database());
        JsonObject result = new JsonObject().put("ok", true).put("database", cli.config().database().describe())
                .put("service_schema", json(migrations.migrateService()));
        if (withDemoSchema) {
            SchemaMigrations demo = new SchemaMigrations(cli.config().sourceDatabase());
            result.put("demo_schema", json(demo.migrateDemo()));
        }
        cli.out().println(result.encode());
        return DsarCli.OK;
    }

    private static JsonObject json(SchemaMigrations.Applied applied) {
        return new JsonObject().put("migrations_applied", applied.migrationsApplied()).put("version", applied.currentVersion());
    }
}
