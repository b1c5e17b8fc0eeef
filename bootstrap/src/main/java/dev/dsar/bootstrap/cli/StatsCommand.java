package dev.dsar.bootstrap.cli;

import dev.dsar.adapters.http.CleanupJson;
import dev.dsar.application.port.in.CleanupTotals;
import dev.dsar.application.port.in.StorageStatistics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bin/dsar stats}: {@code {"ok":true,"export_directory":…,"storage":{…},"cleanup":{…}}}. The storage part reads the export
 * directory only; the cleanup totals need the database, and are null (with a warning) when it cannot be read.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print storage statistics of the export directory, and cleanup totals, as JSON.")
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    private DsarCli cli;

    private record Stats(StorageStatistics storage, Optional<CleanupTotals> cleanup) {
    }

    @Override
    public Integer call() {
        Stats stats = OneShot.run(cli, components -> components.cleanupStatistics().storage()
                .compose(storage -> components.cleanupStatistics().cycles()
                        .map(Optional::of)
                        .recover(unreadable -> {
                            cli.err().println("dsar: warning: cleanup statistics unavailable: "
                                    + DsarCli.oneLine(unreadable));
                            return Future.succeededFuture(Optional.empty());
                        })
                        .map(cleanup -> new Stats(storage, cleanup))));
        // The directory read, resolved: an empty store is then never a silent surprise.
        JsonObject json = new JsonObject().put("ok", true)
                .put("export_directory", cli.config().exportStoragePath().toString())
                .put("storage", CleanupJson.storage(stats.storage()))
                .put("cleanup", stats.cleanup().map(CleanupJson::totals).orElse(null));
        cli.out().println(json.encode());
        return DsarCli.OK;
    }
}
