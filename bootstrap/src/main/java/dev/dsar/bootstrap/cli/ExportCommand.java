package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.StartupChecks;
import dev.dsar.application.port.in.ExportNowOutcome;
import dev.dsar.application.port.in.GenerateExportUseCase;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bin/dsar export REF}: generates the export of a pending request now (even if a retry is scheduled
 * later, or its worker vanished), in this process. A completed export is not generated again: its file is
 * reported. A request being exported elsewhere, failed, expired or unknown is an error.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Generate the export of a request now and print where the file is.")
final class ExportCommand implements Callable<Integer>, PrintsJson {

    @ParentCommand
    private DsarCli cli;

    @Parameters(paramLabel = "REF", description = "The request's reference id.")
    private String reference;

    @Override
    public Integer call() {
        if (!ReferenceId.isWellFormed(reference)) {
            return failed("invalid reference id " + printable(reference)
                    + " (expected [A-Za-z0-9][A-Za-z0-9._-]{0,63})");
        }
        ReferenceId ref = new ReferenceId(reference);
        ExportNowOutcome outcome = OneShot.run(cli, components -> StartupChecks.sources(components).compose(checked -> {
            // A long export keeps its lease while it runs, as in serve.
            long renewals = components.vertx().setPeriodic(GenerateExportUseCase.RENEW_EVERY.toMillis(),
                    tick -> components.generateExport().renewLeases());
            return components.generateExport().exportNow(ref).eventually(() -> {
                components.vertx().cancelTimer(renewals);
                return Future.succeededFuture();
            });
        }));
        return outcome.fold(
                attempted -> attempted.outcome().fold(
                        completed -> ready(completed.artifact(), ref),
                        retry -> failed("the export of " + ref + " failed: " + retry.error()
                                + " (the next attempt is due at " + retry.retryAt() + ")"),
                        fail -> failed("the export of " + ref + " failed: " + fail.error()),
                        abandoned -> failed("the export of " + ref + " was interrupted: " + abandoned.reason())),
                already -> ready(already.artifact(), ref),
                notExportable -> failed(notExportable.reason() == ExportNowOutcome.Reason.FILE_MISSING
                        ? notExportable.detail() + cli.config().storage().objectStore()
                                .map(store -> " (bucket " + store.bucket() + ", prefix " + store.prefix() + ")")
                                .orElse(" (export directory " + cli.config().exportStoragePath() + ")")
                        : notExportable.detail()));
    }

    private int ready(ExportArtifact artifact, ReferenceId reference) {
        cli.out().println(new JsonObject().put("ok", true).put("reference_id", reference.value())
                .put("file_path", artifact.storagePath()).put("bytes", artifact.bytes())
                .put("sha256", artifact.sha256()).encode());
        return DsarCli.OK;
    }

    /** One line on stderr, and the same as the JSON error. */
    private int failed(String message) {
        cli.err().println("dsar: " + message);
        String error = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        cli.out().println(new JsonObject().put("ok", false).put("error", error).encode());
        return DsarCli.FAILED;
    }

    private static String printable(String raw) {
        String shown = raw.replaceAll("[^\\p{Graph}]", "?");
        return "'" + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown) + "'";
    }
}
