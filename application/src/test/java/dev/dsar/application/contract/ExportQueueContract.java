package dev.dsar.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.ClaimExportPort;
import dev.dsar.application.port.out.InsertRequestPort;
import dev.dsar.application.port.out.LoadAbandonedExportsPort;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.RenewLeasePort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The worker's side of the request store (claim the oldest due request, renew its lease, find abandoned
 * exports), asserted once and run against the in-memory fake and the PostgreSQL adapter.
 */
public abstract class ExportQueueContract<Q extends ClaimExportPort & RenewLeasePort & LoadAbandonedExportsPort,
        R extends InsertRequestPort & LoadRequestPort & StoreTransitionPort> {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    /** The queue under test: no pending or processing request at the start of each test. */
    protected abstract Q queue();

    /** The request store behind {@link #queue()}. */
    protected abstract R requests();

    @Test
    void aClaimTakesTheOldestDuePendingRequestUnderALease() {
        DsarRequest older = inserted(T0.minusSeconds(10));
        inserted(T0);

        DsarRequest claimed = queue().claimNext("worker-a", T0, LEASE).await().orElseThrow();

        assertThat(claimed).isEqualTo(older.claim("worker-a", T0, LEASE).request());
        assertThat(claimed.status()).isEqualTo(DsarStatus.PROCESSING);
        assertThat(requests().findByReference(older.reference()).await()).contains(claimed);
    }

    @Test
    void requestsOfTheSameInstantAreClaimedInTheOrderTheyWereInserted() {
        DsarRequest first = inserted(T0);
        DsarRequest second = inserted(T0);

        assertThat(queue().claimNext("worker-a", T0, LEASE).await()).hasValueSatisfying(
                claimed -> assertThat(claimed.reference()).isEqualTo(first.reference()));
        assertThat(queue().claimNext("worker-b", T0, LEASE).await()).hasValueSatisfying(
                claimed -> assertThat(claimed.reference()).isEqualTo(second.reference()));
        assertThat(queue().claimNext("worker-c", T0, LEASE).await()).isEmpty();
    }

    @Test
    void aRequestWaitingForItsNextAttemptIsNotClaimedBeforeItIsDue() {
        inserted(T0);
        DsarRequest claimed = queue().claimNext("worker-a", T0, LEASE).await().orElseThrow();
        DsarRequest retrying = claimed.retryLater("worker-a", "database unavailable", T0, T0.plusSeconds(30)).request();
        assertThat(requests().store(retrying, AuditEvent.of(retrying, AuditAction.EXPORT_RETRY_SCHEDULED,
                Actor.system("worker-a"), T0)).await()).isTrue();

        assertThat(queue().claimNext("worker-b", T0.plusSeconds(29), LEASE).await()).isEmpty();
        assertThat(queue().claimNext("worker-b", T0.plusSeconds(30), LEASE).await())
                .hasValueSatisfying(again -> assertThat(again.attempts()).isEqualTo(2));
    }

    @Test
    void aRenewalIsStoredOnlyOverTheVersionItStartedFrom() {
        inserted(T0);
        DsarRequest claimed = queue().claimNext("worker-a", T0, LEASE).await().orElseThrow();
        DsarRequest renewed = claimed.renewLease("worker-a", T0.plusSeconds(60), LEASE).request();

        assertThat(queue().renew(renewed).await()).isTrue();
        assertThat(queue().renew(renewed).await()).isFalse();
        assertThat(requests().findByReference(claimed.reference()).await()).contains(renewed);
    }

    @Test
    void abandonedExportsAreFoundFromTheirLeasesExpiryOldestLeaseFirstUpToTheLimit() {
        inserted(T0);
        inserted(T0.plusSeconds(1));
        inserted(T0.plusSeconds(2));
        DsarRequest first = queue().claimNext("worker-a", T0, LEASE).await().orElseThrow();
        DsarRequest second = queue().claimNext("worker-b", T0, LEASE).await().orElseThrow();
        DsarRequest third = queue().claimNext("worker-c", T0, LEASE).await().orElseThrow();
        DsarRequest renewedFirst = first.renewLease("worker-a", T0.plusSeconds(30), LEASE).request();
        assertThat(queue().renew(renewedFirst).await()).isTrue();

        assertThat(queue().findAbandoned(T0.plus(LEASE).minusMillis(1), 10).await()).isEmpty();
        assertThat(queue().findAbandoned(T0.plus(LEASE), 10).await()).containsExactlyInAnyOrder(second, third);
        assertThat(queue().findAbandoned(T0.plus(LEASE).plusSeconds(30), 10).await()).hasSize(3)
                .last().isEqualTo(renewedFirst);
        assertThat(queue().findAbandoned(T0.plus(LEASE).plusSeconds(30), 2).await())
                .containsExactlyInAnyOrder(second, third);
    }

    private DsarRequest inserted(Instant requestedAt) {
        UserId user = Contracts.newUser();
        DsarRequest request = DsarRequest.submit(Contracts.newReference(), user, Actor.subject(user), requestedAt);
        requests().insert(request, AuditEvent.of(request, AuditAction.REQUESTED, request.requestedBy(), requestedAt))
                .await();
        return request;
    }
}
