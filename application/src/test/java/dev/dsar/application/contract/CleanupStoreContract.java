package dev.dsar.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.CleanupLockPort;
import dev.dsar.application.port.out.CleanupLockPort.Acquisition;
import dev.dsar.application.port.out.ExportFileOwnersPort;
import dev.dsar.application.port.out.ExportFileOwnersPort.Ownership;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort.Page;
import dev.dsar.application.port.out.StoreTransitionBatchPort;
import dev.dsar.application.port.out.StoreTransitionBatchPort.Move;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.Transition;
import dev.dsar.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What cleanup's store promises (the lock, pages of candidates, batches of versioned moves, who owns a file),
 * asserted once and run against the in-memory fake of the application tests and the PostgreSQL adapter.
 */
public abstract class CleanupStoreContract<S extends CleanupLockPort & LoadCleanupCandidatesPort
        & StoreTransitionBatchPort & ExportFileOwnersPort> {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final String ROOT = "/srv/exports";

    /** The store under test: no lock taken and no request stored at the start of each test. */
    protected abstract S store();

    /** Puts {@code request} in the store as it is, as if it had got there earlier (test setup). */
    protected abstract void given(DsarRequest request);

    // ---- the lock -------------------------------------------------------------------------------------------

    @Test
    void theLockGoesToOneHolderAndOthersLearnWhichInstanceHoldsItSinceWhenAndUntilWhen() {
        Acquisition first = store().tryAcquire("a#1", "instance-a", T0, LEASE).await();
        Acquisition second = store().tryAcquire("b#1", "instance-b", T0.plusSeconds(30), LEASE).await();

        assertThat(first).isEqualTo(new Acquisition.Acquired());
        assertThat(second).isEqualTo(new Acquisition.HeldElsewhere("instance-a", T0, T0.plus(LEASE)));
    }

    @Test
    void aLeaseThatRanOutIsTakenOverAndItsFormerHolderCanNeitherRenewNorReleaseIt() {
        store().tryAcquire("a#1", "instance-a", T0, LEASE).await();

        Acquisition takeover = store().tryAcquire("b#1", "instance-b", T0.plus(LEASE), LEASE).await();
        boolean renewedByFormer = store().renew("a#1", T0.plus(LEASE), LEASE).await();
        store().release("a#1").await();
        Acquisition third = store().tryAcquire("c#1", "instance-c", T0.plus(LEASE).plusSeconds(1), LEASE).await();

        assertThat(takeover).isEqualTo(new Acquisition.Acquired());
        assertThat(renewedByFormer).isFalse();
        assertThat(third).isEqualTo(new Acquisition.HeldElsewhere("instance-b", T0.plus(LEASE), T0.plus(LEASE).plus(LEASE)));
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstExpiryAndKeepsWhenItWasTaken() {
        store().tryAcquire("a#1", "instance-a", T0, LEASE).await();

        boolean renewed = store().renew("a#1", T0.plusSeconds(100), LEASE).await();
        Acquisition other = store().tryAcquire("b#1", "instance-b", T0.plus(LEASE), LEASE).await();

        assertThat(renewed).isTrue();
        assertThat(other).isEqualTo(new Acquisition.HeldElsewhere("instance-a", T0, T0.plusSeconds(100).plus(LEASE)));
    }

    @Test
    void aReleasedLockIsFreeAtOnce() {
        store().tryAcquire("a#1", "instance-a", T0, LEASE).await();
        store().release("a#1").await();

        assertThat(store().tryAcquire("b#1", "instance-b", T0.plusSeconds(1), LEASE).await())
                .isEqualTo(new Acquisition.Acquired());
    }

    @Test
    void nobodyRenewsALockTheyNeverHeld() {
        store().tryAcquire("a#1", "instance-a", T0, LEASE).await();

        assertThat(store().renew("b#1", T0.plusSeconds(1), LEASE).await()).isFalse();
        assertThat(store().tryAcquire("b#1", "instance-b", T0.plusSeconds(2), LEASE).await())
                .isEqualTo(new Acquisition.HeldElsewhere("instance-a", T0, T0.plus(LEASE)));
    }

    // ---- candidates -----------------------------------------------------------------------------------------

    @Test
    void expiredExportsComeInKeyOrderUpToAndIncludingTheCutoffWithoutRepeatingARow() {
        Instant cutoff = T0.plusSeconds(100);
        DsarRequest[] due = new DsarRequest[5];
        for (int i = 0; i < 5; i++) {
            due[i] = completed(T0.plusSeconds(100 - i * 10));
        }
        completed(cutoff.plusSeconds(1));
        failed(T0, null);

        Page first = store().expiredExports(cutoff, Optional.empty(), 2).await();
        Page second = store().expiredExports(cutoff, first.last(), 2).await();
        Page third = store().expiredExports(cutoff, second.last(), 2).await();
        Page end = store().expiredExports(cutoff, third.last(), 2).await();

        assertThat(first.requests()).containsExactly(due[4], due[3]);
        assertThat(second.requests()).containsExactly(due[2], due[1]);
        assertThat(third.requests()).containsExactly(due[0]);
        assertThat(end.requests()).isEmpty();
        assertThat(end.last()).isEmpty();
    }

    @Test
    void exportsCompletedAtTheSameInstantArePagedInTheOrderTheyWereStored() {
        DsarRequest a = completed(T0);
        DsarRequest b = completed(T0);
        DsarRequest c = completed(T0);

        Page first = store().expiredExports(T0, Optional.empty(), 2).await();
        Page second = store().expiredExports(T0, first.last(), 2).await();

        assertThat(first.requests()).containsExactly(a, b);
        assertThat(second.requests()).containsExactly(c);
    }

    @Test
    void failedExportsWithFilesAreOnlyThoseThatStillNameOneAndFailedByTheCutoff() {
        DsarRequest withFile = failed(T0, "part");
        failed(T0, null);
        failed(T0.plusSeconds(3600), "part");
        completed(T0);

        Page page = store().failedExportsWithFiles(T0, Optional.empty(), 10).await();

        assertThat(page.requests()).containsExactly(withFile);
        assertThat(page.last()).isPresent();
    }

    // ---- batched moves --------------------------------------------------------------------------------------

    @Test
    void aBatchOfMovesIsWrittenOverTheVersionsTheyStartedFromAndTheOthersAreLeftAlone() {
        Instant at = T0.plus(Duration.ofDays(30));
        DsarRequest a = completed(T0);
        DsarRequest b = completed(T0);
        DsarRequest stale = completed(T0);
        DsarRequest movedElsewhere = stale.expire(RetentionPolicy.defaults(), at.plusSeconds(1)).request();
        given(movedElsewhere);

        var stored = store().storeAll(List.of(expire(a, at), expire(b, at), expire(stale, at))).await();

        assertThat(stored).containsExactlyInAnyOrder(a.reference(), b.reference());
        assertThat(owner(a)).contains(moved(a.expire(RetentionPolicy.defaults(), at)));
        assertThat(owner(stale)).contains(movedElsewhere);
    }

    @Test
    void aMoveNeverOverwritesTheDownloadCountersReceiptsKeep() {
        Instant at = T0.plus(Duration.ofDays(30));
        DsarRequest snapshot = completed(T0);
        DsarRequest downloaded = withDownloads(snapshot, 7, T0.plusSeconds(60));
        given(downloaded);

        store().storeAll(List.of(expire(snapshot, at))).await();

        DsarRequest expired = owner(snapshot).orElseThrow();
        assertThat(expired.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(expired.downloadCount()).isEqualTo(7);
        assertThat(expired.lastDownloadedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void anEmptyBatchWritesNothing() {
        assertThat(store().storeAll(List.of()).await()).isEmpty();
    }

    // ---- ownership ------------------------------------------------------------------------------------------

    @Test
    void ownershipTellsForEachFileInOrderWhetherARowPointsAtItAndWhoseReferenceItCarries() {
        DsarRequest done = completed(T0);
        DsarRequest gone = completed(T0);
        DsarRequest expired = moved(gone.expire(RetentionPolicy.defaults(), T0.plus(Duration.ofDays(30))));
        given(expired);
        StoredExportFile nobodys = file(Contracts.newReference());

        List<Ownership> answers = store().ownership(List.of(nobodys, file(done), file(gone))).await();

        assertThat(answers).containsExactly(new Ownership(false, Optional.empty()), new Ownership(true, Optional.of(done)),
                new Ownership(false, Optional.of(expired)));
    }

    @Test
    void aFileIsReferencedByWhicheverRequestStoresItsPath() {
        DsarRequest done = completed(T0);
        StoredExportFile underAnotherName = new StoredExportFile(ExportFileName.of(Contracts.newReference(), T0),
                done.storagePath(), 10, T0);

        assertThat(store().ownership(List.of(underAnotherName)).await())
                .containsExactly(new Ownership(true, Optional.empty()));
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    private Optional<DsarRequest> owner(DsarRequest request) {
        return store().ownership(List.of(file(request.reference()))).await().get(0).owner();
    }

    private static StoredExportFile file(DsarRequest request) {
        return file(request.reference());
    }

    private static StoredExportFile file(ReferenceId reference) {
        ExportFileName name = ExportFileName.of(reference, T0);
        return new StoredExportFile(name, ROOT + "/" + name.fileName(), 10, T0);
    }

    /** Requested at T0, claimed at T0 + 1 s, completed at {@code completedAt}, in the store. */
    private DsarRequest completed(Instant completedAt) {
        DsarRequest claimed = claimed();
        DsarRequest completed = moved(claimed.complete("worker",
                new ExportArtifact(file(claimed.reference()).storagePath(), 10, "a".repeat(64)), completedAt));
        given(completed);
        return completed;
    }

    /** Failed at {@code failedAt}, still naming the partial file when {@code suffix} is given. */
    private DsarRequest failed(Instant failedAt, String suffix) {
        DsarRequest failed = moved(claimed().fail("worker", "boom", failedAt));
        if (suffix != null) {
            failed = new DsarRequest(failed.reference(), failed.userId(), failed.requestedBy(), failed.status(),
                    failed.requestedAt(), failed.startedAt(), null, failed.failedAt(), null, failed.attempts(), null,
                    null, file(failed.reference()).storagePath() + "." + suffix, null, null, failed.lastError(), 0,
                    null, failed.version());
        }
        given(failed);
        return failed;
    }

    private static DsarRequest claimed() {
        UserId user = Contracts.newUser();
        DsarRequest pending = DsarRequest.submit(Contracts.newReference(), user, Actor.subject(user), T0);
        return moved(pending.claim("worker", T0.plusSeconds(1), LEASE));
    }

    private static DsarRequest withDownloads(DsarRequest r, long count, Instant last) {
        return new DsarRequest(r.reference(), r.userId(), r.requestedBy(), r.status(), r.requestedAt(), r.startedAt(),
                r.completedAt(), r.failedAt(), r.fileDeletedAt(), r.attempts(), r.nextAttemptAt(), r.lease(),
                r.storagePath(), r.exportBytes(), r.exportSha256(), r.lastError(), count, last, r.version());
    }

    private static Move expire(DsarRequest completed, Instant at) {
        DsarRequest expired = moved(completed.expire(RetentionPolicy.defaults(), at));
        return new Move(expired, AuditEvent.of(expired, AuditAction.FILE_DELETED, Actor.system("cleanup"), at,
                Map.of("reason", "retention", "bytes", 10, "file_was_present", true)));
    }

    private static DsarRequest moved(Transition transition) {
        if (transition instanceof Transition.Moved moved) {
            return moved.request();
        }
        throw new AssertionError("fixture move refused: " + transition);
    }
}
