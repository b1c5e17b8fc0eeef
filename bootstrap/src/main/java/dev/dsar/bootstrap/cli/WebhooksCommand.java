package dev.dsar.bootstrap.cli;

import dev.dsar.adapters.http.WebhookJson;
import dev.dsar.application.port.in.ManageWebhookEventsUseCase;
import dev.dsar.domain.WebhookEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bin/dsar webhooks [--state pending|delivered|dead] [--limit N]}: the notification events in one state,
 * newest first, as JSON; {@code --retry ID} sends a dead event again instead (same webhook-id).
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "List webhook events (pending by default, or delivered or dead) as JSON, or re-send a dead one.")
final class WebhooksCommand implements Callable<Integer>, PrintsJson {

    @ParentCommand
    private DsarCli cli;

    @Option(names = "--state", description = "pending (default), delivered or dead", defaultValue = "pending")
    private String state;

    @Option(names = "--limit", description = "at most this many events, 1 to 1000 (default 100)", defaultValue = "100")
    private int limit;

    @Option(names = "--retry", paramLabel = "ID", description = "send the dead event with this id again")
    private Optional<Long> retry;

    @Override
    public Integer call() {
        if (retry.isPresent()) {
            ManageWebhookEventsUseCase.ResendOutcome outcome = OneShot.run(cli,
                    components -> components.webhookEvents().resend(retry.get()));
            if (outcome == ManageWebhookEventsUseCase.ResendOutcome.RESENT) {
                cli.out().println(new JsonObject().put("ok", true).put("id", retry.get()).put("state", "pending").encode());
                return DsarCli.OK;
            }
            cli.out().println(new JsonObject().put("ok", false).put("error", "No dead event with this id")
                    .put("id", retry.get()).encode());
            return DsarCli.FAILED;
        }
        WebhookEvent.State wanted = WebhookEvent.State.fromCode(state).orElseThrow(() ->
                new UsageError("--state: expected pending, delivered or dead, got '" + state + "'"));
        if (limit < 1 || limit > 1_000) {
            throw new UsageError("--limit: expected a whole number from 1 to 1000, got " + limit);
        }
        List<WebhookEvent> events = OneShot.run(cli, components -> components.webhookEvents().list(wanted, limit));
        JsonArray json = new JsonArray();
        events.forEach(event -> json.add(WebhookJson.event(event)));
        cli.out().println(new JsonObject().put("ok", true).put("state", wanted.code()).put("events", json).encode());
        return DsarCli.OK;
    }
}
