package dev.dsar.bootstrap.cli;

import dev.dsar.adapters.persistence.SchemaMigrations;
import dev.dsar.bootstrap.StartupChecks;
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
        JsonObject result = new JsonObject().put("ok", true).put("database", cli.config().database().describe())
                .put("service_schema", json(StartupChecks.migrateService(cli.config())));
        if (withDemoSchema) {
            result.put("demo_schema", json(StartupChecks.migrateDemo(cli.config())));
        }
        cli.out().println(result.encode());
        return DsarCli.OK;
    }

    private static JsonObject json(SchemaMigrations.Applied applied) {
        return new JsonObject().put("migrations_applied", applied.migrationsApplied()).put("version", applied.currentVersion());
    }
}
