package dev.dsar.bootstrap.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.WebhookEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At least once: a receiver that is down, slow or failing gets the event again later (the service's clock moved
 * past the wait), always with the same webhook-id; after the 24-hour horizon the event is dead, listed and counted,
 * and an operator can send it again.
 */
class WebhookRetriesIT {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("retries-key-of-32-bytes-01234567".getBytes());

    static final WebhookReceiver receiver = new WebhookReceiver(SECRET, () -> WebhookRetriesIT.service.clock().instant());

    @RegisterExtension
    static final RunningService service = new RunningService()
            .with("DSAR_WEBHOOK_URL", receiver.url())
            .with("DSAR_WEBHOOK_SECRET", SECRET)
            // The contract's 10 s, shortened so that the slow receiver's test does not wait that long.
            .with("DSAR_WEBHOOK_TIMEOUT", "PT2S");

    private static String admin;

    @BeforeAll
    static void token() {
        admin = service.adminToken(service.newUser());
    }

    @AfterEach
    void answerNormally() {
        receiver.answer(delivery -> WebhookReceiver.Answer.of(204));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static Optional<WebhookEvent> event(WebhookEvent.State state, String reference) {
        List<WebhookEvent> events = service.service().components().webhookEvents().list(state, 1_000).await();
        return events.stream().filter(event -> event.reference().value().equals(reference)).findFirst();
    }

    static WebhookEvent awaitFailedAttempt(String reference) {
        return WebhookReceiver.await("a failed attempt for " + reference,
                () -> event(WebhookEvent.State.PENDING, reference).filter(event -> event.attempts() > 0));
    }

    static WebhookReceiver.Delivery awaitAcknowledged(String reference) {
        WebhookReceiver.await("the event of " + reference + " delivered", () -> event(WebhookEvent.State.DELIVERED, reference));
        return receiver.first(reference, "export.completed").orElseThrow();
    }

    @Test
    void aReceiverThatWasDownGetsTheEventWhenItIsBackWithTheSameId() {
        receiver.down();
        String ref;
        WebhookEvent failed;
        try {
            ref = service.completedExport(service.newUser(), 16).reference().value();
            failed = awaitFailedAttempt(ref);
            assertThat(failed.lastError()).startsWith("no answer");
            assertThat(failed.nextAttemptAt()).isAfter(service.clock().instant());
        } finally {
            receiver.up();
        }
        service.clock().advance(Duration.ofMinutes(1));

        WebhookReceiver.Delivery delivered = awaitAcknowledged(ref);
        assertThat(delivered.webhookId()).isEqualTo(failed.webhookId());
        assertThat(delivered.verified()).isTrue();
    }

    @Test
    void aSlowReceiverIsRetriedAndEveryAttemptCarriesTheSameId() {
        receiver.answer(delivery -> new WebhookReceiver.Answer(204, Duration.ofSeconds(4)));
        String ref = service.completedExport(service.newUser(), 16).reference().value();

        WebhookEvent failed = awaitFailedAttempt(ref);
        assertThat(failed.lastError()).isEqualTo("no answer within PT2S");
        receiver.answer(delivery -> WebhookReceiver.Answer.of(204));
        service.clock().advance(Duration.ofMinutes(1));

        awaitAcknowledged(ref);
        assertThat(receiver.of(ref)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(delivery -> assertThat(delivery.webhookId()).isEqualTo(failed.webhookId()));
    }

    @Test
    void anEventIsDeadAfterTheHorizonAndAnOperatorCanSendItAgain() {
        receiver.answer(delivery -> WebhookReceiver.Answer.of(503));
        String ref = service.completedExport(service.newUser(), 16).reference().value();
        WebhookEvent failed = awaitFailedAttempt(ref);
        assertThat(failed.lastHttpStatus()).as(failed.toString()).isEqualTo(503);
        assertThat(failed.lastError()).isEqualTo("HTTP 503");

        service.clock().advance(Duration.ofHours(25));
        WebhookEvent dead = WebhookReceiver.await("the event dead", () -> event(WebhookEvent.State.DEAD, ref));
        assertThat(dead.attempts()).isGreaterThanOrEqualTo(2);
        HttpResponse<Buffer> listed = service.get("/api/admin/dsar/webhooks?state=dead", admin);
        assertThat(listed.bodyAsJsonObject().getJsonArray("events").encode()).contains(dead.webhookId());
        assertThat(service.get("/metrics", null).bodyAsString()).containsPattern("dsar_webhooks_dead_total(\\{[^}]*\\})? [1-9]");

        receiver.answer(delivery -> WebhookReceiver.Answer.of(200));
        HttpResponse<Buffer> resent = service.post("/api/admin/dsar/webhooks/" + dead.id() + "/retry", admin, "");
        assertThat(resent.statusCode()).isEqualTo(202);

        WebhookReceiver.Delivery delivered = awaitAcknowledged(ref);
        assertThat(receiver.of(ref)).last().satisfies(last -> assertThat(last.webhookId()).isEqualTo(dead.webhookId()));
        assertThat(delivered.webhookId()).isEqualTo(dead.webhookId());
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailure() {
        receiver.answer(delivery -> WebhookReceiver.Answer.of(302));
        String ref = service.completedExport(service.newUser(), 16).reference().value();

        WebhookEvent failed = awaitFailedAttempt(ref);

        assertThat(failed.lastHttpStatus()).isEqualTo(302);
        assertThat(receiver.of(ref)).hasSize(1);
    }
}
