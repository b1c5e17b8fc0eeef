package dev.dsar.bootstrap;

import dev.dsar.adapters.http.metrics.Observability;
import dev.dsar.adapters.http.webhook.WebhookDeliveryWebClientAdapter;
import dev.dsar.adapters.metrics.WebhookMetricsMicrometerAdapter;
import dev.dsar.adapters.persistence.PostgresPersistence;
import dev.dsar.adapters.persistence.WebhookOutboxPostgresAdapter;
import dev.dsar.application.port.in.DispatchWebhooksUseCase;
import dev.dsar.application.port.out.ClaimWebhookEventsPort;
import dev.dsar.application.port.out.DownloadLinkPort;
import dev.dsar.application.port.out.RecordWebhookDeliveryPort;
import dev.dsar.application.port.out.ScheduleWebhookNoticesPort;
import dev.dsar.application.service.WebhookDispatchService;
import dev.dsar.application.service.WebhookPayloads;
import dev.dsar.domain.WebhookRetryPolicy;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The notifications' dispatcher assembled from the outbox, the web client, the link signer and the metrics. */
final class WebhookWiring {

    /** Events in flight at once on one instance. */
    static final int BATCH = 32;

    record Dispatcher(DispatchWebhooksUseCase dispatch, WebhookDeliveryWebClientAdapter client) {
    }

    private WebhookWiring() {
    }

    static Dispatcher create(Vertx vertx, DsarConfig config, Clock clock, PostgresPersistence persistence,
                             DownloadLinkPort links, Observability observability) {
        WebhookSettings settings = config.webhooks();
        WebhookOutboxPostgresAdapter outbox = persistence.webhooks();
        ClaimWebhookEventsPort claims = outbox;
        RecordWebhookDeliveryPort records = outbox;
        ScheduleWebhookNoticesPort notices = outbox;
        WebhookDeliveryWebClientAdapter client = new WebhookDeliveryWebClientAdapter(vertx, settings.urls(),
                settings.secrets().orElseThrow(), settings.timeout(), clock);
        WebhookPayloads.Windows windows = new WebhookPayloads.Windows(config.retention(),
                config.responseDeadline().deadline(), settings.linkTtl());
        WebhookPayloads payloads = new WebhookPayloads(persistence.requests(), links, windows, clock);
        // The lease outlives an attempt (the receivers' timeout) with room for the database's answers.
        Duration lease = settings.timeout().plus(Duration.ofMinutes(1));
        WebhookDispatchService dispatch = new WebhookDispatchService(
                new WebhookDispatchService.Ports(claims, records, notices, payloads, client,
                        new WebhookMetricsMicrometerAdapter(observability.registry())),
                new WebhookDispatchService.Settings(WebhookRetryPolicy.defaults(), lease, BATCH, settings.remindBefore(),
                        config.responseDeadline().deadline(), settings.retention(), config.instanceId()),
                windows, clock, () -> ThreadLocalRandom.current().nextDouble());
        return new Dispatcher(dispatch, client);
    }
}
