package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class DsarRequestLeaseRenewalIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(2);

    private static Pool pool;
    private static DsarRequestPostgresAdapter adapter;

    @BeforeAll
    static void start(Vertx vertx) {
        pool = db.pool(vertx, 2);
        adapter = new DsarRequestPostgresAdapter(pool);
    }

    DsarRequest claimed(String reference, long user) {
        DsarRequest request = DsarRequest.submit(new ReferenceId(reference), new UserId(user), Actor.operator(), T0);
        adapter.insert(request, AuditEvent.of(request, AuditAction.REQUESTED, Actor.operator(), T0)).await();
        return adapter.claimNext("worker-a", T0, LEASE).await().orElseThrow();
    }

    long auditEvents(String reference) {
        return pool.preparedQuery("SELECT count(*) FROM dsar_audit_events WHERE gdpr_reference_id = $1")
                .execute(Tuple.of(reference)).await().iterator().next().getLong(0);
    }

    @Test
    void aRenewalExtendsTheLeaseWithoutAnAuditEvent() {
        DsarRequest claimed = claimed("GDPR-RENEW-1", 1);
        long events = auditEvents("GDPR-RENEW-1");
        DsarRequest renewed = claimed.renewLease("worker-a", T0.plusSeconds(30), LEASE).request();

        assertThat(adapter.renew(renewed).await()).isTrue();

        assertThat(adapter.findByReference(renewed.reference()).await()).contains(renewed);
        assertThat(renewed.lease().expiresAt()).isEqualTo(T0.plusSeconds(30).plus(LEASE));
        assertThat(auditEvents("GDPR-RENEW-1")).isEqualTo(events);
    }

    @Test
    void aRenewalOverAMovedRequestIsRefusedAndChangesNothing() {
        DsarRequest claimed = claimed("GDPR-RENEW-2", 2);
        DsarRequest completedElsewhere = claimed.fail("worker-a", "stopped by an operator", T0).request();
        adapter.store(completedElsewhere, AuditEvent.of(completedElsewhere, AuditAction.EXPORT_FAILED, Actor.operator(), T0))
                .await();

        boolean renewed = adapter.renew(claimed.renewLease("worker-a", T0.plusSeconds(30), LEASE).request()).await();

        assertThat(renewed).isFalse();
        assertThat(adapter.findByReference(claimed.reference()).await()).contains(completedElsewhere);
    }
}
