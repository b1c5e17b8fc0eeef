package dev.dsar.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.InsertRequestPort;
import dev.dsar.application.port.out.InsertRequestPort.InsertOutcome;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the request store promises its callers (insert, load, list, store a move), asserted once and run against
 * every implementation: the in-memory fake of the application tests and the PostgreSQL adapter. Each test uses
 * users and references of its own, so a store may be shared by all the tests of a class.
 */
public abstract class RequestStoreContract<S extends InsertRequestPort & LoadRequestPort & StoreTransitionPort> {

    /** The adapter's promise: a user's list is capped, newest first. */
    public static final int LIST_LIMIT = 100;

    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    /** The store under test; the same one for every call within a test. */
    protected abstract S store();

    @Test
    void anInsertedRequestReadsBackIdentically() {
        DsarRequest request = submit(Contracts.newUser(), T0);

        InsertOutcome outcome = insert(request);

        assertThat(outcome).isEqualTo(new InsertOutcome.Inserted(request));
        assertThat(store().findByReference(request.reference()).await()).contains(request);
    }

    @Test
    void anUnknownReferenceIsEmpty() {
        assertThat(store().findByReference(Contracts.newReference()).await()).isEmpty();
    }

    @Test
    void aSecondActiveRequestOfAUserIsRefusedNamingTheActiveOneAndNotStored() {
        UserId user = Contracts.newUser();
        DsarRequest first = inserted(user, T0);
        DsarRequest second = submit(user, T0.plusSeconds(1));

        InsertOutcome outcome = insert(second);

        assertThat(outcome).isEqualTo(new InsertOutcome.ActiveRequestExists(first.reference()));
        assertThat(store().findByReference(second.reference()).await()).isEmpty();
    }

    @Test
    void theActiveRequestWinsOverATakenReference() {
        UserId user = Contracts.newUser();
        DsarRequest active = inserted(user, T0);
        DsarRequest sameReference = DsarRequest.submit(active.reference(), user, Actor.subject(user), T0);

        assertThat(insert(sameReference)).isEqualTo(new InsertOutcome.ActiveRequestExists(active.reference()));
    }

    @Test
    void aReferenceCarriedByAnotherUsersRequestIsTaken() {
        DsarRequest first = inserted(Contracts.newUser(), T0);
        UserId other = Contracts.newUser();

        InsertOutcome outcome = insert(DsarRequest.submit(first.reference(), other, Actor.subject(other), T0));

        assertThat(outcome).isEqualTo(new InsertOutcome.ReferenceTaken(first.reference()));
        assertThat(store().listByUser(other).await()).isEmpty();
    }

    @Test
    void aUserMayRequestAgainOnceTheEarlierExportIsCompleted() {
        UserId user = Contracts.newUser();
        DsarRequest first = inserted(user, T0);
        DsarRequest completed = complete(first);

        InsertOutcome again = insert(submit(user, T0.plusSeconds(60)));

        assertThat(again).isInstanceOf(InsertOutcome.Inserted.class);
        assertThat(store().findByReference(first.reference()).await()).contains(completed);
    }

    @Test
    void aMoveIsStoredOnlyOverTheVersionItStartedFrom() {
        DsarRequest request = inserted(Contracts.newUser(), T0);
        DsarRequest claimedByA = request.claim("worker-a", T0, LEASE).request();
        DsarRequest claimedByB = request.claim("worker-b", T0, LEASE).request();

        boolean a = store().store(claimedByA, started(claimedByA, "worker-a")).await();
        boolean b = store().store(claimedByB, started(claimedByB, "worker-b")).await();

        assertThat(a).isTrue();
        assertThat(b).isFalse();
        assertThat(store().findByReference(request.reference()).await()).contains(claimedByA);
    }

    @Test
    void aMoveThatSkipsAVersionIsNotStored() {
        DsarRequest request = inserted(Contracts.newUser(), T0);
        DsarRequest claimed = request.claim("worker-a", T0, LEASE).request();
        DsarRequest failed = claimed.fail("worker-a", "boom", T0.plusSeconds(1)).request();

        assertThat(store().store(failed, AuditEvent.of(failed, AuditAction.EXPORT_FAILED, Actor.system("worker-a"),
                T0.plusSeconds(1))).await()).isFalse();
        assertThat(store().findByReference(request.reference()).await()).contains(request);
    }

    @Test
    void aMoveOfAnUnknownRequestIsNotStored() {
        DsarRequest neverInserted = submit(Contracts.newUser(), T0);
        DsarRequest claimed = neverInserted.claim("worker-a", T0, LEASE).request();

        assertThat(store().store(claimed, started(claimed, "worker-a")).await()).isFalse();
        assertThat(store().findByReference(neverInserted.reference()).await()).isEmpty();
    }

    @Test
    void everyFieldOfAnExpiredRequestSurvivesTheRoundTrip() {
        DsarRequest request = inserted(Contracts.newUser(), T0);
        DsarRequest expired = complete(request).expire(RetentionPolicy.ofDays(1), T0.plus(Duration.ofDays(2)))
                .request();

        assertThat(store().store(expired, AuditEvent.of(expired, AuditAction.FILE_DELETED, Actor.system("cleanup"),
                T0.plus(Duration.ofDays(2)))).await()).isTrue();

        assertThat(store().findByReference(request.reference()).await()).contains(expired);
    }

    @Test
    void aUsersRequestsAreListedNewestFirstWithoutOtherUsersRequests() {
        UserId user = Contracts.newUser();
        DsarRequest older = inserted(user, T0);
        DsarRequest olderCompleted = complete(older);
        DsarRequest newer = inserted(user, T0.plusSeconds(60));
        insert(submit(Contracts.newUser(), T0.plusSeconds(120)));

        assertThat(store().listByUser(user).await()).containsExactly(newer, olderCompleted);
    }

    @Test
    void requestsOfTheSameInstantAreListedLastInsertedFirst() {
        UserId user = Contracts.newUser();
        DsarRequest first = inserted(user, T0);
        DsarRequest firstFailed = failAfterClaim(first);
        DsarRequest second = inserted(user, T0);

        assertThat(store().listByUser(user).await()).containsExactly(second, firstFailed);
    }

    @Test
    void aUsersListStopsAtTheLimitKeepingTheNewest() {
        UserId user = Contracts.newUser();
        DsarRequest newest = null;
        for (int i = 0; i <= LIST_LIMIT; i++) {
            DsarRequest request = inserted(user, T0.plusSeconds(i));
            newest = i == LIST_LIMIT ? request : failAfterClaim(request);
        }

        List<DsarRequest> listed = store().listByUser(user).await();

        assertThat(listed).hasSize(LIST_LIMIT);
        assertThat(listed.get(0)).isEqualTo(newest);
        assertThat(listed).extracting(DsarRequest::requestedAt).doesNotContain(T0);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static DsarRequest submit(UserId user, Instant at) {
        return DsarRequest.submit(Contracts.newReference(), user, Actor.subject(user), at);
    }

    /** A request submitted by {@code user} at {@code at} and inserted, whatever the store answered. */
    private DsarRequest inserted(UserId user, Instant at) {
        DsarRequest request = submit(user, at);
        insert(request);
        return request;
    }

    private InsertOutcome insert(DsarRequest request) {
        return store().insert(request, AuditEvent.of(request, AuditAction.REQUESTED, request.requestedBy(),
                request.requestedAt())).await();
    }

    private static AuditEvent started(DsarRequest claimed, String worker) {
        return AuditEvent.of(claimed, AuditAction.EXPORT_STARTED, Actor.system(worker), claimed.startedAt());
    }

    private DsarRequest complete(DsarRequest pending) {
        Instant at = pending.requestedAt();
        DsarRequest claimed = pending.claim("worker", at, LEASE).request();
        DsarRequest completed = claimed.complete("worker", new ExportArtifact(
                "/srv/exports/dsar_" + pending.reference().value() + "_20260301_100000.zip", 10, "a".repeat(64)),
                at.plusSeconds(5)).request();
        assertThat(store().store(claimed, started(claimed, "worker")).await()).isTrue();
        assertThat(store().store(completed, AuditEvent.of(completed, AuditAction.EXPORT_COMPLETED,
                Actor.system("worker"), at.plusSeconds(5))).await()).isTrue();
        return completed;
    }

    private DsarRequest failAfterClaim(DsarRequest pending) {
        Instant at = pending.requestedAt();
        DsarRequest claimed = pending.claim("worker", at, LEASE).request();
        DsarRequest failed = claimed.fail("worker", "boom", at).request();
        assertThat(store().store(claimed, started(claimed, "worker")).await()).isTrue();
        assertThat(store().store(failed, AuditEvent.of(failed, AuditAction.EXPORT_FAILED, Actor.system("worker"),
                at)).await()).isTrue();
        return failed;
    }
}
