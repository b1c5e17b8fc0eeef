package dev.dsar.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.InMemoryDsarRequests;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.port.out.DownloadLinkPort;
import dev.dsar.application.port.out.RecordWebhookDeliveryPort;
import dev.dsar.application.port.out.WebhookDeliveryPort;
import dev.dsar.application.port.out.WebhookMetricsPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import dev.dsar.domain.WebhookEvent;
import dev.dsar.domain.WebhookEventType;
import dev.dsar.domain.WebhookRetryPolicy;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookDispatchServiceTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final List<String> ENDPOINTS = List.of("https://a.example/hooks", "https://b.example/hooks");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDsarRequests requests = new InMemoryDsarRequests();
    final List<WebhookEvent> due = new ArrayList<>();
    final List<String> recorded = new ArrayList<>();
    final List<Map<String, Object>> sent = new ArrayList<>();
    Set<String> acknowledging = Set.copyOf(ENDPOINTS);
    int delivered;
    int retried;
    int dead;

    final RecordWebhookDeliveryPort records = new RecordWebhookDeliveryPort() {
        @Override
        public Future<Boolean> delivered(WebhookEvent event, String dispatcher, Set<String> deliveredTo, Instant at) {
            recorded.add("delivered " + new java.util.TreeSet<>(deliveredTo));
            return Future.succeededFuture(true);
        }

        @Override
        public Future<Boolean> retryAt(WebhookEvent event, String dispatcher, Attempt attempt, Instant next) {
            recorded.add("retry at " + next + " " + new java.util.TreeSet<>(attempt.deliveredTo()) + " " + attempt.error());
            return Future.succeededFuture(true);
        }

        @Override
        public Future<Boolean> dead(WebhookEvent event, String dispatcher, Attempt attempt, Instant at) {
            recorded.add("dead " + attempt.error());
            return Future.succeededFuture(true);
        }
    };

    final WebhookDeliveryPort delivery = new WebhookDeliveryPort() {
        @Override
        public List<String> endpoints() {
            return ENDPOINTS;
        }

        @Override
        public Future<Result> send(WebhookEvent event, Map<String, Object> data) {
            sent.add(data);
            return Future.succeededFuture(new Result(acknowledging, acknowledging.size() == 2 ? 204 : 503,
                    acknowledging.size() == 2 ? null : "HTTP 503"));
        }
    };

    final DownloadLinkPort links = (reference, owner, expiresAt) ->
            new DownloadLinkPort.DownloadLink("/api/dsar/download/" + reference.value() + "?link=signed", expiresAt);

    final WebhookMetricsPort metrics = new WebhookMetricsPort() {
        @Override
        public void delivered(Duration lag) {
            delivered++;
        }

        @Override
        public void retried() {
            retried++;
        }

        @Override
        public void dead() {
            dead++;
        }
    };

    WebhookDispatchService service() {
        WebhookPayloads.Windows windows = new WebhookPayloads.Windows(RetentionPolicy.defaults(), Duration.ofDays(30),
                Duration.ofDays(1));
        return new WebhookDispatchService(new WebhookDispatchService.Ports(
                (dispatcher, now, lease, limit) -> Future.succeededFuture(List.copyOf(due)), records,
                notices -> Future.succeededFuture(0), new WebhookPayloads(requests, links, windows, clock), delivery, metrics),
                new WebhookDispatchService.Settings(WebhookRetryPolicy.defaults(), Duration.ofMinutes(1), 10,
                        Duration.ofDays(3), Duration.ofDays(30), Duration.ofDays(30), "here"),
                windows, clock, () -> 0.5);
    }

    DsarRequest completed(Instant at) {
        DsarRequest request = DsarRequest.submit(ReferenceId.generate(new java.security.SecureRandom()), new UserId(7),
                Actor.operator(), at);
        DsarRequest done = request.claim("w", at, Duration.ofMinutes(1)).request()
                .complete("w", new ExportArtifact("/x/dsar_a.zip", 1, "a".repeat(64)), at).request();
        return requests.seed(done);
    }

    WebhookEvent event(DsarRequest request, Set<String> deliveredTo, Instant retryFrom) {
        return new WebhookEvent(1, "msg_1", WebhookEventType.EXPORT_COMPLETED, request.reference(), request.userId(),
                request.completedAt(), WebhookEvent.State.PENDING, 0, retryFrom, retryFrom, deliveredTo, null, null);
    }

    @Test
    void anEventAcknowledgedByEveryEndpointIsDeliveredWithALinkBoundedByItsTtl() {
        DsarRequest done = completed(T0);
        due.add(event(done, Set.of(), T0));

        assertThat(service().dispatchDue().await()).isEqualTo(1);

        assertThat(recorded).containsExactly("delivered " + new java.util.TreeSet<>(ENDPOINTS));
        assertThat(delivered).isEqualTo(1);
        assertThat(sent.get(0)).containsEntry("reference_id", done.reference().value()).containsEntry("user_id", 7L)
                .containsEntry("status", "completed").containsEntry("expires_at", T0.plus(Duration.ofDays(30)))
                .containsEntry("download_link_expires_at", T0.plus(Duration.ofDays(1)));
        assertThat((String) sent.get(0).get("download_link")).startsWith("/api/dsar/download/");
    }

    @Test
    void theLinkNeverOutlivesTheExport() {
        DsarRequest done = completed(T0);
        clock.set(T0.plus(Duration.ofDays(29)).plus(Duration.ofHours(20)));
        due.add(event(done, Set.of(), T0));

        service().dispatchDue().await();

        assertThat(sent.get(0)).containsEntry("download_link_expires_at", T0.plus(Duration.ofDays(30)));
    }

    @Test
    void anEndpointThatDidNotAcknowledgeIsRetriedAloneLater() {
        DsarRequest done = completed(T0);
        due.add(event(done, Set.of(), T0));
        acknowledging = Set.of(ENDPOINTS.get(0));

        service().dispatchDue().await();

        assertThat(recorded).containsExactly("retry at " + T0.plusSeconds(5) + " [" + ENDPOINTS.get(0) + "] HTTP 503");
        assertThat(retried).isEqualTo(1);
    }

    @Test
    void aFailureAfterTheHorizonMakesTheEventDead() {
        DsarRequest done = completed(T0);
        due.add(event(done, Set.of(), T0));
        acknowledging = Set.of();
        clock.set(T0.plus(Duration.ofHours(24)));

        service().dispatchDue().await();

        assertThat(recorded).containsExactly("dead HTTP 503");
        assertThat(dead).isEqualTo(1);
    }
}
