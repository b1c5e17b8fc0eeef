package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.StartupChecks;
import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.adapters.http.CleanupJson;
import dev.dsar.domain.CleanupTotals;
import dev.dsar.domain.StorageStatistics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bin/dsar stats}: {@code {"ok":true,"export_directory":…,"storage":{…},"cleanup":{…}}}. The storage part
 * reads the export directory only; the cleanup totals need the database, and are null when it cannot be read.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print storage statistics of the export directory, and cleanup totals, as JSON.")
final class StatsCommand implements Callable<Integer>, PrintsJson {

    @ParentCommand
    private DsarCli cli;

    private record Stats(StorageStatistics storage, Optional<CleanupTotals> cleanup, Optional<String> problem) {
    }

    /** Without the database the storage is still shown, but the answer is a failure (exit 1) saying why. */
    @Override
    public Integer call() {
        Stats stats = OneShot.run(cli, components -> components.cleanupStatistics().storage()
                .compose(storage -> components.cleanupStatistics().cycles()
                        .map(totals -> new Stats(storage, Optional.of(totals), Optional.empty()))
                        .recover(unreadable -> Future.succeededFuture(new Stats(storage, Optional.empty(),
                                Optional.of("cleanup statistics unavailable: " + DsarCli.oneLine(
                                        DatabaseUnavailable.in(unreadable).<Throwable>map(down ->
                                                StartupChecks.unreachable(down, components.config()))
                                                .orElse(unreadable))))))));
        // The directory read, resolved: an empty store is then never a silent surprise.
        JsonObject json = new JsonObject().put("ok", stats.problem().isEmpty())
                .put("export_directory", cli.config().storage().objectStore()
                        .map(store -> "s3://" + store.bucket() + "/" + store.prefix())
                        .orElse(cli.config().exportStoragePath().toString()));
        stats.problem().ifPresent(problem -> {
            cli.err().println("dsar: " + problem);
            json.put("error", problem);
        });
        json.put("storage", CleanupJson.storage(stats.storage()))
                .put("cleanup", stats.cleanup().map(CleanupJson::totals).orElse(null));
        cli.out().println(json.encode());
        return stats.problem().isEmpty() ? DsarCli.OK : DsarCli.FAILED;
    }
}
