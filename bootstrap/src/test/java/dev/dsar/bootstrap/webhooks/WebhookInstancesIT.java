package dev.dsar.bootstrap.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.DsarService;
import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.WebhookEvent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three instances share one outbox: every event reaches the receiver, each exactly once under normal conditions. */
class WebhookInstancesIT {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("instances-key-of-32-bytes-012345".getBytes());

    static final WebhookReceiver receiver = new WebhookReceiver(SECRET, () -> WebhookInstancesIT.service.clock().instant());

    @RegisterExtension
    static final RunningService service = new RunningService()
            .with("DSAR_WEBHOOK_URL", receiver.url())
            .with("DSAR_WEBHOOK_SECRET", SECRET)
            .with("DSAR_INSTANCE_ID", "instance-1");

    private static final List<DsarService> others = new ArrayList<>();

    @BeforeAll
    static void startTwoMoreInstances() {
        for (String instance : List.of("instance-2", "instance-3")) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "DSAR_DATABASE_URL", service.database().uri(),
                    "EXPORT_STORAGE_PATH", service.exports().toString(),
                    "DSAR_JWT_SECRET", RunningService.SECRET,
                    "DSAR_HTTP_HOST", "127.0.0.1",
                    "DSAR_HTTP_PORT", "0",
                    "CLEANUP_ENABLED", "false",
                    "DSAR_EXPORT_WORKER_ENABLED", "false",
                    "DSAR_WEBHOOK_URL", receiver.url(),
                    "DSAR_WEBHOOK_SECRET", SECRET,
                    "DSAR_INSTANCE_ID", instance));
            others.add(DsarService.start(DsarConfig.from(env), service.clock()));
        }
    }

    @AfterAll
    static void stopInstances() {
        others.forEach(DsarService::stop);
        receiver.close();
    }

    @Test
    void eachEventIsDeliveredOnceWhateverInstanceClaimsIt() {
        Set<String> references = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
            references.add(service.completedExport(service.newUser(), 16).reference().value());
        }

        WebhookReceiver.await("40 events delivered", () -> {
            List<WebhookEvent> delivered = service.service().components().webhookEvents()
                    .list(WebhookEvent.State.DELIVERED, 1_000).await();
            long ours = delivered.stream().filter(event -> references.contains(event.reference().value())).count();
            return ours >= references.size() ? Optional.of(delivered) : Optional.empty();
        });

        List<WebhookReceiver.Delivery> ours = receiver.deliveries().stream()
                .filter(delivery -> references.contains(delivery.reference())).collect(Collectors.toList());
        Map<String, List<WebhookReceiver.Delivery>> byId = ours.stream()
                .collect(Collectors.groupingBy(WebhookReceiver.Delivery::webhookId));
        assertThat(byId).hasSize(references.size());
        assertThat(byId.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
        assertThat(ours).extracting(WebhookReceiver.Delivery::reference).containsExactlyInAnyOrderElementsOf(references);
        assertThat(ours).allSatisfy(delivery -> assertThat(delivery.verified()).isTrue());
    }

    @Test
    void anEventHeldByAnInstanceThatDiedIsDeliveredByAnotherWhenItsLeaseRunsOut() {
        String at = "'" + service.clock().instant() + "'::timestamptz";
        // What kill -9 during a delivery leaves: a pending event leased by an instance that will never record it.
        service.database().execute("INSERT INTO dsar_webhook_events (webhook_id, event_type, gdpr_reference_id, user_id,"
                + " occurred_at, next_attempt_at, retry_from, lease_owner, lease_expires_at) VALUES ('msg_orphaned',"
                + " 'export.failed', 'GDPR-KILLED-MID-DELIVERY', 77, " + at + ", " + at + ", " + at + ", 'killed-instance',"
                + " clock_timestamp() + interval '2 seconds')");

        WebhookReceiver.Delivery delivered = WebhookReceiver.await("the orphaned event delivered",
                () -> receiver.first("GDPR-KILLED-MID-DELIVERY", "export.failed"));

        assertThat(delivered.webhookId()).isEqualTo("msg_orphaned");
        assertThat(delivered.verified()).isTrue();
    }
}
