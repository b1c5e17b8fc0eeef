package dev.dsar.bootstrap.cli;

import dev.dsar.adapters.http.ExportJson;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.domain.CleanupReport;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.domain.StorageStatistics;
import dev.dsar.application.port.in.ViewCleanupStatisticsUseCase;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bin/dsar cleanup}: one cleanup cycle now. The first line is the contract's summary; the lines after it
 * give the rest of the report and the export directory before and after. A cycle already running (here or on
 * another instance) is an error (exit 1); errors met on single files or rows are reported and logged, and the
 * command still succeeds, as the cycle went through.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Run one cleanup cycle now: expired exports, files of failed exports, orphaned files,"
                + " exports stuck in processing (and old audit events if DSAR_AUDIT_RETENTION is set).")
final class CleanupCommand implements Callable<Integer> {

    static final int MAX_RETENTION_DAYS = 36_500;

    @ParentCommand
    private DsarCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dry-run", description = "Change nothing; report what would be deleted.")
    private boolean dryRun;

    @Option(names = "--retention-days", paramLabel = "N",
            description = "Retention of completed exports for this run, in days (1-" + MAX_RETENTION_DAYS
                    + "), instead of the configured one.")
    private String retentionDays;

    private record Run(StorageStatistics before, CleanupOutcome outcome, StorageStatistics after) {
    }

    @Override
    public Integer call() {
        RunCleanupCommand command = RunCleanupCommand.fromCommandLine(dryRun, parseRetentionDays());
        Run run = OneShot.run(cli, components -> {
            ViewCleanupStatisticsUseCase statistics = components.cleanupStatistics();
            return statistics.storage().compose(before -> components.runCleanup().run(command)
                    .compose(outcome -> statistics.storage().map(after -> new Run(before, outcome, after))));
        });
        return run.outcome().fold(ran -> print(ran.report(), run), busy -> {
            cli.err().println("dsar: cleanup not run: " + busy.reason());
            return DsarCli.FAILED;
        });
    }

    private Optional<Integer> parseRetentionDays() {
        if (retentionDays == null) {
            return Optional.empty();
        }
        String raw = retentionDays.trim();
        if (raw.matches("[0-9]{1,9}")) {
            int days = Integer.parseInt(raw);
            if (days >= 1 && days <= MAX_RETENTION_DAYS) {
                return Optional.of(days);
            }
        }
        throw new ParameterException(spec.commandLine(), "--retention-days must be a whole number of days from 1 to "
                + MAX_RETENTION_DAYS + ", got '" + retentionDays + "'");
    }

    private int print(CleanupReport report, Run run) {
        cli.out().println("DSAR cleanup: checked=" + report.checked() + ", files_deleted=" + report.filesDeleted()
                + ", retention_days=" + report.retentionDays());
        cli.out().println("  dry_run=" + report.dryRun() + ", bytes_freed=" + report.bytesFreed()
                + ", failed_files_deleted=" + report.failedFilesDeleted() + ", orphans_deleted=" + report.orphansDeleted()
                + ", stale_requeued=" + report.staleRequeued() + ", stale_failed=" + report.staleFailed()
                + ", audit_events_purged=" + report.auditEventsPurged() + ", errors=" + report.errors()
                + ", duration_ms=" + report.durationMs());
        cli.out().println("  storage before: " + storage(run.before()));
        cli.out().println("  storage after:  " + storage(run.after()));
        report.firstError().ifPresent(error -> {
            cli.out().println("  error: " + error);
            cli.err().println("dsar: warning: cleanup met " + report.errors() + " error(s); details in the log");
        });
        return DsarCli.OK;
    }

    private static String storage(StorageStatistics storage) {
        return "total_files=" + storage.totalFiles() + ", total_bytes=" + storage.totalBytes()
                + ", oldest_file=" + storage.oldestFile().map(ExportJson::iso).orElse("none")
                + ", newest_file=" + storage.newestFile().map(ExportJson::iso).orElse("none");
    }
}
