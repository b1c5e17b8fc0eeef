package dev.dsar.application.service;

import static dev.dsar.application.fakes.Futures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.InMemoryDsarRequests;
import dev.dsar.application.fakes.InMemoryExportStorage;
import dev.dsar.application.fakes.TestRequests;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportExpiryTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final UserId ALICE = new UserId(42);
    static final RetentionPolicy POLICY = RetentionPolicy.ofDays(30);
    static final Actor CLEANUP = Actor.system("cleanup");
    static final long BYTES = 65_536;
    static final ReferenceId REF = new ReferenceId("GDPR-AAAAAAAAAAAAAAAAAAAAAAAAAA");

    final InMemoryDsarRequests requests = new InMemoryDsarRequests();
    final InMemoryExportStorage storage = new InMemoryExportStorage();
    final ExportExpiry expiry = new ExportExpiry(storage, requests);

    final DsarRequest completed = requests.seed(TestRequests.completed(REF, ALICE, T0, BYTES));
    final Instant due = completed.completedAt().plus(Duration.ofDays(30));

    {
        storage.put(completed.storagePath(), BYTES);
    }

    ExportExpiry.Outcome expire(DsarRequest request, Instant now) {
        return done(expiry.expire(request, POLICY, CLEANUP, now));
    }

    // ---- expires -------------------------------------------------------------------------------------------

    @Test
    void expiryDeletesTheFileAndMarksTheRow() {
        Instant now = due.plus(Duration.ofHours(2));

        assertThat(expire(completed, now)).isEqualTo(new ExportExpiry.Outcome.Expired(true, BYTES, true));

        assertThat(storage.contains(completed.storagePath())).isFalse();
        DsarRequest row = requests.require(REF);
        assertThat(row.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(row.storagePath()).isNull();
        assertThat(row.fileDeletedAt()).isEqualTo(now);
        assertThat(row.version()).isEqualTo(completed.version() + 1);
        assertThat(row.exportBytes()).isEqualTo(BYTES);
        assertThat(row.exportSha256()).isEqualTo(TestRequests.SHA256);
        assertThat(requests.events()).containsExactly(new AuditEvent(REF, ALICE, AuditAction.FILE_DELETED, CLEANUP, now,
                Map.of("reason", "retention", "bytes", BYTES, "file_was_present", true)));
    }

    @Test
    void fileIsDeletedBeforeTheRowIsMarked() {
        List<Boolean> fileThereWhenRowStored = new ArrayList<>();
        StoreTransitionPort watching = (moved, event) -> {
            fileThereWhenRowStored.add(storage.contains(completed.storagePath()));
            return requests.store(moved, event);
        };

        ExportExpiry.Outcome outcome = done(new ExportExpiry(storage, watching).expire(completed, POLICY, CLEANUP, due));

        assertThat(outcome).isEqualTo(new ExportExpiry.Outcome.Expired(true, BYTES, true));
        assertThat(fileThereWhenRowStored).containsExactly(false);
    }

    @Test
    void expiryExactlyWhenRetentionEndsIsDue() {
        assertThat(expire(completed, due)).isEqualTo(new ExportExpiry.Outcome.Expired(true, BYTES, true));
        assertThat(requests.require(REF).fileDeletedAt()).isEqualTo(due);
    }

    @Test
    void actorGivenByTheCallerIsAudited() {
        Actor operator = Actor.operator();

        done(expiry.expire(completed, POLICY, operator, due));

        assertThat(requests.events()).singleElement().satisfies(event -> assertThat(event.actor()).isEqualTo(operator));
    }

    // ---- crash and convergence -----------------------------------------------------------------------------

    @Test
    void fileAlreadyGoneStillMarksTheRow() {
        storage.vanish(completed.storagePath());

        assertThat(expire(completed, due)).isEqualTo(new ExportExpiry.Outcome.Expired(false, 0, true));

        assertThat(requests.require(REF).status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(requests.events()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.FILE_DELETED);
            assertThat(event.details()).isEqualTo(
                    Map.of("reason", "retention", "bytes", 0L, "file_was_present", false));
        });
    }

    @Test
    void nextAttemptAfterACrashBetweenFileAndRowConvergesOnExpired() {
        StoreTransitionPort crashing = (moved, event) -> Future.failedFuture(new IllegalStateException("killed"));
        Future<ExportExpiry.Outcome> crashed = new ExportExpiry(storage, crashing).expire(completed, POLICY, CLEANUP, due);
        assertThat(crashed.failed()).isTrue();
        assertThat(storage.contains(completed.storagePath())).isFalse();
        assertThat(requests.require(REF)).isEqualTo(completed);

        Instant later = due.plus(Duration.ofHours(1));
        DsarRequest reloaded = done(requests.findByReference(REF)).orElseThrow();
        assertThat(expire(reloaded, later)).isEqualTo(new ExportExpiry.Outcome.Expired(false, 0, true));

        DsarRequest row = requests.require(REF);
        assertThat(row.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(row.storagePath()).isNull();
        assertThat(row.fileDeletedAt()).isEqualTo(later);
        assertThat(requests.events(AuditAction.FILE_DELETED)).hasSize(1);
    }

    // ---- refused -------------------------------------------------------------------------------------------

    @Test
    void refusedPathLeavesFileAndRowUntouched() {
        storage.refuse(completed.storagePath());

        ExportExpiry.Outcome outcome = expire(completed, due);

        assertThat(outcome).isInstanceOfSatisfying(ExportExpiry.Outcome.Refused.class,
                refused -> assertThat(refused.reason()).isNotBlank());
        assertThat(storage.contains(completed.storagePath())).isTrue();
        assertThat(requests.require(REF)).isEqualTo(completed);
        assertThat(requests.events()).isEmpty();
        assertThat(requests.writes()).isZero();
    }

    // ---- not due -------------------------------------------------------------------------------------------

    @Test
    void oneNanosecondBeforeRetentionEndsIsNotDueAndTouchesNothing() {
        ExportExpiry.Outcome outcome = expire(completed, due.minusNanos(1));

        assertThat(outcome).isInstanceOfSatisfying(ExportExpiry.Outcome.NotDue.class,
                notDue -> assertThat(notDue.reason()).contains("retention runs until"));
        assertThat(storage.deleteCalls()).isEmpty();
        assertThat(storage.contains(completed.storagePath())).isTrue();
        assertThat(requests.require(REF)).isEqualTo(completed);
        assertThat(requests.writes()).isZero();
    }

    @Test
    void requestThatIsNotCompletedIsNotDueAndTouchesNothing() {
        ReferenceId failedReference = new ReferenceId("alice-failed");
        DsarRequest failed = requests.seed(TestRequests.failed(failedReference, ALICE, T0));

        ExportExpiry.Outcome outcome = expire(failed, T0.plus(Duration.ofDays(400)));

        assertThat(outcome).isInstanceOfSatisfying(ExportExpiry.Outcome.NotDue.class,
                notDue -> assertThat(notDue.reason()).contains("only completed exports expire"));
        assertThat(storage.deleteCalls()).isEmpty();
        assertThat(requests.writes()).isZero();
    }

    @Test
    void alreadyExpiredRowIsNotDue() {
        done(expiry.expire(completed, POLICY, CLEANUP, due));
        DsarRequest expired = requests.require(REF);

        assertThat(expire(expired, due.plus(Duration.ofDays(1)))).isInstanceOf(ExportExpiry.Outcome.NotDue.class);
        assertThat(storage.deleteCalls()).hasSize(1);
        assertThat(requests.events()).hasSize(1);
    }

    // ---- races ---------------------------------------------------------------------------------------------

    @Test
    void staleSnapshotAfterAnotherInstanceExpiredItReportsNothingDeletedAndRowUnmarked() {
        Instant otherInstance = due.plusSeconds(5);
        assertThat(done(expiry.expire(completed, POLICY, Actor.system("cleanup-b"), otherInstance)))
                .isEqualTo(new ExportExpiry.Outcome.Expired(true, BYTES, true));

        ExportExpiry.Outcome outcome = expire(completed, due.plusSeconds(6));

        assertThat(outcome).isEqualTo(new ExportExpiry.Outcome.Expired(false, 0, false));
        assertThat(requests.require(REF).fileDeletedAt()).isEqualTo(otherInstance);
        assertThat(requests.events()).singleElement()
                .satisfies(event -> assertThat(event.actor()).isEqualTo(Actor.system("cleanup-b")));
    }
}
