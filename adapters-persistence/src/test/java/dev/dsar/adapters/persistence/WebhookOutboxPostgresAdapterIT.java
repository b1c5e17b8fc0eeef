package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.application.port.out.RecordWebhookDeliveryPort.Attempt;
import dev.dsar.application.port.out.ScheduleWebhookNoticesPort.Notices;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import dev.dsar.domain.WebhookEvent;
import dev.dsar.domain.WebhookEventType;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookOutboxPostgresAdapterIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(1);

    private static Vertx vertx;
    private static Pool pool;
    private static DsarRequestPostgresAdapter requests;
    private static WebhookOutboxPostgresAdapter outbox;
    private static long nextUser = 1;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(db.location().connectOptions())
                .using(vertx).build();
        requests = new DsarRequestPostgresAdapter(pool);
        outbox = new WebhookOutboxPostgresAdapter(pool);
    }

    @AfterAll
    static void stop() {
        pool.close().await();
        vertx.close().await();
    }

    @BeforeEach
    void emptyOutbox() {
        pool.query("DELETE FROM dsar_webhook_events").execute().await();
    }

    DsarRequest processing(String reference, Instant at) {
        DsarRequest request = DsarRequest.submit(new ReferenceId(reference), new UserId(nextUser++), Actor.operator(), at);
        requests.insert(request, AuditEvent.of(request, AuditAction.REQUESTED, Actor.operator(), at)).await();
        return requests.claimNext("worker", at, LEASE).await().orElseThrow();
    }

    DsarRequest completed(String reference, Instant at) {
        DsarRequest done = processing(reference, at).complete("worker",
                new ExportArtifact("/exports/dsar_" + reference + "_20260301_100000.zip", 10, "a".repeat(64)), at).request();
        assertThat(requests.store(done, AuditEvent.of(done, AuditAction.EXPORT_COMPLETED, Actor.system("worker"), at)).await())
                .isTrue();
        return done;
    }

    List<WebhookEvent> pending() {
        return outbox.list(WebhookEvent.State.PENDING, 100).await();
    }

    @Test
    void aCompletedExportWritesOneExportCompletedEventWithItsReferenceAndUser() {
        DsarRequest done = completed("GDPR-HOOK-1", T0);

        List<WebhookEvent> events = pending();

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(WebhookEventType.EXPORT_COMPLETED);
            assertThat(event.reference()).isEqualTo(done.reference());
            assertThat(event.userId()).isEqualTo(done.userId());
            assertThat(event.occurredAt()).isEqualTo(T0);
            assertThat(event.webhookId()).matches("msg_[0-9a-f]{32}");
        });
    }

    @Test
    void failureAndExpiryWriteTheirEventsAndOtherMovesWriteNone() {
        DsarRequest failed = processing("GDPR-HOOK-2", T0).fail("worker", "broken", T0).request();
        requests.store(failed, AuditEvent.of(failed, AuditAction.EXPORT_FAILED, Actor.system("worker"), T0)).await();
        DsarRequest done = completed("GDPR-HOOK-3", T0);
        Instant later = T0.plus(Duration.ofDays(31));
        DsarRequest expired = done.expire(RetentionPolicy.defaults(), later).request();
        requests.store(expired, AuditEvent.of(expired, AuditAction.FILE_DELETED, Actor.system("cleanup"), later)).await();

        assertThat(pending()).extracting(WebhookEvent::type).containsExactlyInAnyOrder(
                WebhookEventType.EXPORT_FAILED, WebhookEventType.EXPORT_COMPLETED, WebhookEventType.EXPORT_EXPIRED);
    }

    @Test
    void theEventRollsBackWithTheStateChangeThatCausedIt() {
        DsarRequest claimed = processing("GDPR-HOOK-4", T0);

        pool.withTransaction(connection -> connection.preparedQuery(
                        "UPDATE dsar_requests SET status = 'failed', failed_at = $2, lease_owner = NULL,"
                                + " lease_expires_at = NULL WHERE gdpr_reference_id = $1")
                .execute(Tuple.of(claimed.reference().value(), DsarRequestRows.at(T0)))
                .compose(moved -> io.vertx.core.Future.failedFuture("the rest of the transaction failed")))
                .otherwiseEmpty().await();

        assertThat(pending()).isEmpty();
        assertThat(requests.findByReference(claimed.reference()).await().orElseThrow().status().code()).isEqualTo("processing");
    }

    @Test
    void twoDispatchersClaimDisjointEventsAndALeasedEventIsNotClaimedAgain() {
        for (int i = 0; i < 6; i++) {
            completed("GDPR-HOOK-C" + i, T0);
        }

        List<WebhookEvent> first = outbox.claimDue("a", T0, LEASE, 4).await();
        List<WebhookEvent> second = outbox.claimDue("b", T0, LEASE, 4).await();

        Set<Long> ids = new HashSet<>();
        first.forEach(event -> ids.add(event.id()));
        second.forEach(event -> ids.add(event.id()));
        assertThat(first).hasSize(4);
        assertThat(second).hasSize(2);
        assertThat(ids).hasSize(6);
        assertThat(outbox.claimDue("c", T0, LEASE, 10).await()).isEmpty();
    }

    @Test
    void anOutcomeIsWrittenOnlyByTheLeaseHolderAndARetryWaitsUntilItsTime() {
        completed("GDPR-HOOK-5", T0);
        WebhookEvent event = outbox.claimDue("a", T0, LEASE, 1).await().get(0);
        Attempt failed = new Attempt(Set.of(), 503, "HTTP 503");

        assertThat(outbox.retryAt(event, "someone-else", failed, T0.plusSeconds(30)).await()).isFalse();
        assertThat(outbox.retryAt(event, "a", failed, T0.plusSeconds(30)).await()).isTrue();

        assertThat(outbox.claimDue("a", T0.plusSeconds(29), LEASE, 1).await()).isEmpty();
        WebhookEvent again = outbox.claimDue("b", T0.plusSeconds(30), LEASE, 1).await().get(0);
        assertThat(again.webhookId()).isEqualTo(event.webhookId());
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastHttpStatus()).isEqualTo(503);
    }

    @Test
    void eventsOfOneRequestAreClaimedInOrder() {
        DsarRequest done = completed("GDPR-HOOK-6", T0);
        Instant later = T0.plus(Duration.ofDays(31));
        DsarRequest expired = done.expire(RetentionPolicy.defaults(), later).request();
        requests.store(expired, AuditEvent.of(expired, AuditAction.FILE_DELETED, Actor.system("cleanup"), later)).await();

        List<WebhookEvent> claimed = outbox.claimDue("a", later, LEASE, 10).await();
        assertThat(claimed).extracting(WebhookEvent::type).containsExactly(WebhookEventType.EXPORT_COMPLETED);
        outbox.delivered(claimed.get(0), "a", Set.of("http://receiver"), later).await();

        assertThat(outbox.claimDue("a", later, LEASE, 10).await()).extracting(WebhookEvent::type)
                .containsExactly(WebhookEventType.EXPORT_EXPIRED);
    }

    @Test
    void remindersAndOverdueNoticesAreWrittenOncePerRequest() {
        // A year after the other tests' requests, which stay out of the windows.
        Instant t1 = T0.plus(Duration.ofDays(365));
        completed("GDPR-HOOK-7", t1);
        processing("GDPR-HOOK-8", t1);
        pool.query("DELETE FROM dsar_webhook_events").execute().await();
        Instant now = t1.plus(Duration.ofDays(28));
        Duration retention = Duration.ofDays(30);
        Duration deadline = Duration.ofDays(27);
        Notices notices = new Notices(now, now.minus(retention), now.plus(Duration.ofDays(3)).minus(retention),
                now.minus(deadline).minus(Duration.ofDays(30)), now.minus(deadline));

        assertThat(outbox.scheduleNotices(notices).await()).isEqualTo(2);
        assertThat(outbox.scheduleNotices(notices).await()).isZero();

        assertThat(pending()).extracting(WebhookEvent::type).containsExactlyInAnyOrder(
                WebhookEventType.EXPORT_EXPIRING, WebhookEventType.REQUEST_OVERDUE);
    }

    @Test
    void aDeadEventCanBeSentAgainAndOldEventsArePurged() {
        completed("GDPR-HOOK-9", T0);
        WebhookEvent event = outbox.claimDue("a", T0, LEASE, 1).await().get(0);
        outbox.dead(event, "a", new Attempt(Set.of(), null, "no answer within PT10S"), T0).await();

        assertThat(outbox.list(WebhookEvent.State.DEAD, 10).await()).hasSize(1);
        assertThat(outbox.resendDead(event.id(), T0.plusSeconds(60)).await()).isTrue();
        assertThat(outbox.resendDead(event.id(), T0.plusSeconds(60)).await()).isFalse();
        assertThat(pending()).singleElement().satisfies(resent -> {
            assertThat(resent.retryFrom()).isEqualTo(T0.plusSeconds(60));
            assertThat(resent.webhookId()).isEqualTo(event.webhookId());
        });

        assertThat(outbox.purgeBefore(T0).await()).isZero();
        assertThat(outbox.purgeBefore(T0.plusSeconds(1)).await()).isEqualTo(1);
    }
}
