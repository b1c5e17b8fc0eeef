package dev.dsar.bootstrap.cli;

import dev.dsar.adapters.http.ExportJson;
import dev.dsar.application.port.in.RequestExportCommand;
import dev.dsar.application.port.in.RequestExportOutcome;
import dev.dsar.domain.Actor;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "request", mixinStandardHelpOptions = true,
        description = "Create a DSAR request for a user; the export worker of a running 'serve' picks it up.")
final class RequestCommand implements Callable<Integer>, PrintsJson {

    @ParentCommand
    private DsarCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private UserIdOption user;

    @Option(names = "--reference", paramLabel = "REF",
            description = "Reference id to use (default: generated GDPR-...). Pattern: [A-Za-z0-9][A-Za-z0-9._-]{0,63}")
    private String reference;

    @Override
    public Integer call() {
        if (reference != null && !ReferenceId.isWellFormed(reference)) {
            throw new ParameterException(spec.commandLine(), "Invalid reference id: " + reference);
        }
        RequestExportCommand command = new RequestExportCommand(user.userId(),
                Optional.ofNullable(reference).map(ReferenceId::new), Actor.operator());
        return OneShot.run(cli, components -> components.requestExport().request(command)).fold(
                created -> print(new JsonObject().put("ok", true).put("request", ExportJson.request(created.request())),
                        DsarCli.OK),
                inProgress -> refuse(ExportJson.error("Request already in progress")
                                .put("reference_id", inProgress.activeReference().value()),
                        "user " + user.userId() + " already has a request in progress: " + inProgress.activeReference()),
                taken -> refuse(ExportJson.error("Reference id already used").put("reference_id", taken.reference().value()),
                        "reference id " + taken.reference() + " is already used by another request"));
    }

    private int print(JsonObject json, int code) {
        cli.out().println(json.encode());
        return code;
    }

    private int refuse(JsonObject json, String message) {
        cli.err().println("dsar: " + message);
        return print(json, DsarCli.FAILED);
    }
}
