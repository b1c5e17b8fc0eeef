package dev.dsar.bootstrap.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every event type reaches a real receiver once, signed, with the data §7.4 promises and nothing more. */
class WebhookEventsIT {

    static final String NEW_SECRET = "whsec_" + Base64.getEncoder().encodeToString("a-new-key-of-32-bytes-0123456789".getBytes());
    static final String OLD_SECRET = "whsec_" + Base64.getEncoder().encodeToString("an-old-key-of-32-bytes-012345678".getBytes());

    static final WebhookReceiver receiver = new WebhookReceiver(NEW_SECRET, () -> WebhookEventsIT.service.clock().instant());

    @RegisterExtension
    static final RunningService service = new RunningService()
            .with("DSAR_WEBHOOK_URL", receiver.url())
            // Rotation: the new secret first (it signs), the old one still listed.
            .with("DSAR_WEBHOOK_SECRET", NEW_SECRET + " " + OLD_SECRET);

    private static String adminToken;
    private static String userToken;

    @org.junit.jupiter.api.BeforeAll
    static void tokens() {
        adminToken = service.adminToken(service.newUser());
        userToken = service.token(service.newUser());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static WebhookReceiver.Delivery awaitEvent(String reference, String type) {
        return WebhookReceiver.await(type + " for " + reference, () -> receiver.first(reference, type));
    }

    @Test
    void everyEventTypeIsDeliveredOnceSignedWithItsData() {
        UserId owner = service.newUser();
        // Minted before the clock moves on: a token is checked against the service's clock.
        String ownerToken = service.token(owner);
        RunningService.Export export = service.completedExport(owner, 128);
        DsarRequest failed = service.requestIn(service.newUser(), DsarStatus.FAILED);
        DsarRequest waiting = service.requestIn(service.newUser(), DsarStatus.PENDING);
        String ref = export.reference().value();

        WebhookReceiver.Delivery completed = awaitEvent(ref, "export.completed");
        JsonObject data = completed.data();
        assertThat(data.getLong("user_id")).isEqualTo(owner.value());
        assertThat(data.getString("status")).isEqualTo("completed");
        assertThat(data.getString("expires_at")).isEqualTo(
                service.find(export.reference()).orElseThrow().completedAt().plus(Duration.ofDays(30)).toString());
        assertThat(data.getString("download_link")).startsWith("/api/dsar/download/" + ref + "?link=");
        assertThat(data.fieldNames()).doesNotContain("email", "file_path", "export_storage_path");
        // The link downloads the export without a token, as a §7.2 link does.
        HttpResponse<Buffer> viaLink = service.get(data.getString("download_link"), null);
        assertThat(viaLink.statusCode()).isEqualTo(200);
        assertThat(viaLink.body().getBytes()).isEqualTo(export.content());
        assertThat(completed.json().getString("timestamp")).isNotNull();
        assertThat(completed.contentType()).startsWith("application/json");
        assertThat(completed.webhookId()).startsWith("msg_");

        WebhookReceiver.Delivery failure = awaitEvent(failed.reference().value(), "export.failed");
        assertThat(failure.data().getString("status")).isEqualTo("failed");

        // Three days before expiry the timer finds the reminder; once only however often it looks.
        service.clock().advance(Duration.ofDays(27).plusHours(1));
        service.service().components().dispatchWebhooks().scheduleNotices().await();
        service.service().components().dispatchWebhooks().scheduleNotices().await();
        WebhookReceiver.Delivery expiring = awaitEvent(ref, "export.expiring");
        assertThat(expiring.data().getString("expires_at")).isEqualTo(data.getString("expires_at"));

        // Past expiry, the download deletes the file on the spot (410): export.expired, from that transaction.
        service.clock().advance(Duration.ofDays(3));
        HttpResponse<Buffer> gone = service.get("/api/dsar/download/" + ref, ownerToken);
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(awaitEvent(ref, "export.expired").data().getString("status")).isEqualTo("expired");

        // Thirty days after it was asked for, the pending request is overdue.
        service.service().components().dispatchWebhooks().scheduleNotices().await();
        WebhookReceiver.Delivery overdue = awaitEvent(waiting.reference().value(), "request.overdue");
        assertThat(overdue.data().getString("status")).isEqualTo("pending");
        assertThat(overdue.data().getString("due_at")).isEqualTo(waiting.requestedAt().plus(Duration.ofDays(30)).toString());

        Map<String, Long> perId = receiver.deliveries().stream()
                .filter(delivery -> delivery.reference().equals(ref) || delivery.reference().equals(failed.reference().value())
                        || delivery.reference().equals(waiting.reference().value()))
                .collect(Collectors.groupingBy(WebhookReceiver.Delivery::webhookId, Collectors.counting()));
        // Five types, and the failed request is overdue as well: it was not answered by its due date either.
        assertThat(receiver.first(failed.reference().value(), "request.overdue")).isPresent();
        assertThat(perId).hasSize(6).allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
        assertThat(receiver.deliveries()).allSatisfy(delivery -> assertThat(delivery.verified())
                .as("signature of %s verified with the new secret", delivery.webhookId()).isTrue());
    }

    @Test
    void aReceiverHoldingOnlyTheOldSecretRejectsTheSignature() {
        RunningService.Export export = service.completedExport(service.newUser(), 16);
        WebhookReceiver.Delivery delivery = awaitEvent(export.reference().value(), "export.completed");
        WebhookReceiver old = new WebhookReceiver(OLD_SECRET, () -> service.clock().instant());
        try {
            assertThat(old.verify(delivery.webhookId(), delivery.timestamp(), delivery.signature(), delivery.body())).isFalse();
            assertThat(receiver.verify(delivery.webhookId(), delivery.timestamp(), delivery.signature(),
                    delivery.body().replace("completed", "c0mpleted"))).isFalse();
        } finally {
            old.close();
        }
    }

    @Test
    void operatorsListEventsAndBadQueriesAnswerJsonErrors() {
        RunningService.Export export = service.completedExport(service.newUser(), 16);
        awaitEvent(export.reference().value(), "export.completed");
        String admin = adminToken;

        JsonObject delivered = WebhookReceiver.await("the event listed as delivered", () -> {
            JsonObject answer = service.get("/api/admin/dsar/webhooks?state=delivered&limit=1000", admin).bodyAsJsonObject();
            return answer.getJsonArray("events").stream().map(JsonObject.class::cast)
                    .filter(event -> event.getString("reference_id").equals(export.reference().value())).findFirst();
        });
        assertThat(delivered.getString("type")).isEqualTo("export.completed");
        assertThat(delivered.getInteger("attempts")).isEqualTo(1);

        HttpResponse<Buffer> badState = service.get("/api/admin/dsar/webhooks?state=lost", admin);
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.bodyAsJsonObject().getBoolean("ok")).isFalse();
        assertThat(service.get("/api/admin/dsar/webhooks", userToken).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> notDead = service.post("/api/admin/dsar/webhooks/" + delivered.getLong("id") + "/retry", admin, "");
        assertThat(notDead.statusCode()).isEqualTo(404);
        assertThat(notDead.bodyAsJsonObject().getString("error")).isEqualTo("No dead event with this id");
    }
}
