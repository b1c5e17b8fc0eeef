package dev.dsar.application.service;

import static dev.dsar.application.fakes.Futures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.InMemoryDsarRequests;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.fakes.TestRequests;
import dev.dsar.application.port.in.ExportStatusView;
import dev.dsar.application.port.in.RequestExportCommand;
import dev.dsar.application.port.in.RequestExportOutcome;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestExportServiceTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final UserId ALICE = new UserId(42);
    static final UserId BOB = new UserId(7);
    static final UserId ADMIN = new UserId(1);
    static final ReferenceId CHOSEN = new ReferenceId("case-2026.03_alice");
    static final RetentionPolicy POLICY = RetentionPolicy.defaults();

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDsarRequests requests = new InMemoryDsarRequests();
    final RequestExportService service = new RequestExportService(requests, POLICY, ResponseDeadline.defaults(), clock, new SecureRandom());

    RequestExportOutcome request(RequestExportCommand command) {
        return done(service.request(command));
    }

    static ExportStatusView created(RequestExportOutcome outcome) {
        assertThat(outcome).isInstanceOf(RequestExportOutcome.Created.class);
        return ((RequestExportOutcome.Created) outcome).request();
    }

    // ---- references ----------------------------------------------------------------------------------------

    @Test
    void generatedReferenceIsGdprFollowedByTwentySixBase32Characters() {
        ExportStatusView view = created(request(RequestExportCommand.bySubject(ALICE)));

        assertThat(view.reference().value()).matches("GDPR-[A-Z2-7]{26}");
        assertThat(requests.get(view.reference())).isPresent();
    }

    @Test
    void generatedReferencesDifferFromRequestToRequest() {
        Set<ReferenceId> references = new HashSet<>();
        for (long user = 1; user <= 50; user++) {
            references.add(created(request(RequestExportCommand.bySubject(new UserId(user)))).reference());
        }

        assertThat(references).hasSize(50);
    }

    @Test
    void callerChosenReferenceIsKept() {
        ExportStatusView view = created(request(new RequestExportCommand(ALICE, Optional.of(CHOSEN), Actor.admin(ADMIN))));

        assertThat(view.reference()).isEqualTo(CHOSEN);
        assertThat(requests.require(CHOSEN).userId()).isEqualTo(ALICE);
    }

    // ---- what is created -----------------------------------------------------------------------------------

    @Test
    void createdRequestIsPendingAndStampedWithTheClock() {
        ExportStatusView view = created(request(RequestExportCommand.bySubject(ALICE)));

        assertThat(view.userId()).isEqualTo(ALICE);
        assertThat(view.status()).isEqualTo(DsarStatus.PENDING);
        assertThat(view.requestedAt()).isEqualTo(T0);
        assertThat(view.completedAt()).isEmpty();
        assertThat(view.expiresAt()).isEmpty();
        assertThat(view.exportBytes()).isEmpty();
        assertThat(view.sha256()).isEmpty();
        assertThat(view.downloadable()).isFalse();
        assertThat(view.message()).isEmpty();

        DsarRequest stored = requests.require(view.reference());
        assertThat(stored.status()).isEqualTo(DsarStatus.PENDING);
        assertThat(stored.requestedAt()).isEqualTo(T0);
        assertThat(stored.requestedBy()).isEqualTo(Actor.subject(ALICE));
        assertThat(stored.version()).isZero();
    }

    @Test
    void requestedAtFollowsTheClock() {
        clock.advance(Duration.ofHours(5).plusNanos(3));

        ExportStatusView view = created(request(RequestExportCommand.bySubject(ALICE)));

        assertThat(view.requestedAt()).isEqualTo(T0.plus(Duration.ofHours(5).plusNanos(3)));
    }

    // ---- one active request per user -----------------------------------------------------------------------

    @Test
    void secondRequestWhileOneIsPendingIsAConflictNamingThePendingOne() {
        ReferenceId first = created(request(RequestExportCommand.bySubject(ALICE))).reference();
        clock.advance(Duration.ofMinutes(1));

        RequestExportOutcome second = request(new RequestExportCommand(ALICE, Optional.of(CHOSEN), Actor.subject(ALICE)));

        assertThat(second).isEqualTo(new RequestExportOutcome.AlreadyInProgress(first));
        assertThat(requests.size()).isEqualTo(1);
        assertThat(requests.get(CHOSEN)).isEmpty();
        assertThat(requests.events()).hasSize(1);
    }

    @Test
    void requestWhileOneIsProcessingIsAConflictNamingTheProcessingOne() {
        ReferenceId active = new ReferenceId("GDPR-ACTIVEACTIVEACTIVEACTIVEAA");
        requests.seed(TestRequests.processing(active, ALICE, T0.minus(Duration.ofMinutes(3))));

        RequestExportOutcome outcome = request(RequestExportCommand.bySubject(ALICE));

        assertThat(outcome).isEqualTo(new RequestExportOutcome.AlreadyInProgress(active));
        assertThat(requests.size()).isEqualTo(1);
        assertThat(requests.events()).isEmpty();
    }

    @Test
    void conflictIsAnsweredThroughItsOwnFoldBranch() {
        requests.seed(TestRequests.pending(CHOSEN, ALICE, T0.minusSeconds(60)));

        String answer = request(RequestExportCommand.bySubject(ALICE)).fold(
                created -> "created", active -> "in progress: " + active.activeReference(), taken -> "taken");

        assertThat(answer).isEqualTo("in progress: " + CHOSEN);
    }

    @Test
    void anotherUsersActiveRequestDoesNotBlockTheCaller() {
        requests.seed(TestRequests.pending(new ReferenceId("bob-1"), BOB, T0.minusSeconds(60)));

        ExportStatusView view = created(request(RequestExportCommand.bySubject(ALICE)));

        assertThat(view.userId()).isEqualTo(ALICE);
        assertThat(requests.size()).isEqualTo(2);
    }

    @Test
    void finishedRequestsDoNotBlockANewOne() {
        Instant earlier = T0.minus(Duration.ofDays(40));
        requests.seed(TestRequests.completed(new ReferenceId("alice-completed"), ALICE, earlier, 10));
        requests.seed(TestRequests.failed(new ReferenceId("alice-failed"), ALICE, earlier.plusSeconds(600)));
        requests.seed(TestRequests.expired(new ReferenceId("alice-expired"), ALICE, earlier.minus(Duration.ofDays(40)),
                earlier, POLICY));

        ExportStatusView view = created(request(RequestExportCommand.bySubject(ALICE)));

        assertThat(view.status()).isEqualTo(DsarStatus.PENDING);
        assertThat(requests.size()).isEqualTo(4);
    }

    // ---- taken references ----------------------------------------------------------------------------------

    @Test
    void referenceCarriedByAnotherUsersRequestIsTaken() {
        created(request(new RequestExportCommand(BOB, Optional.of(CHOSEN), Actor.subject(BOB))));

        RequestExportOutcome outcome = request(new RequestExportCommand(ALICE, Optional.of(CHOSEN), Actor.admin(ADMIN)));

        assertThat(outcome).isEqualTo(new RequestExportOutcome.ReferenceTaken(CHOSEN));
        assertThat(requests.require(CHOSEN).userId()).isEqualTo(BOB);
        assertThat(requests.events()).hasSize(1);
    }

    @Test
    void referenceOfTheCallersOwnFinishedRequestIsTaken() {
        requests.seed(TestRequests.completed(CHOSEN, ALICE, T0.minus(Duration.ofDays(1)), 10));

        RequestExportOutcome outcome = request(new RequestExportCommand(ALICE, Optional.of(CHOSEN), Actor.subject(ALICE)));

        assertThat(outcome).isEqualTo(new RequestExportOutcome.ReferenceTaken(CHOSEN));
        assertThat(requests.require(CHOSEN).status()).isEqualTo(DsarStatus.COMPLETED);
        assertThat(requests.events()).isEmpty();
    }

    // ---- audit ---------------------------------------------------------------------------------------------

    @Test
    void subjectsRequestIsAuditedWithTheSubjectAsActor() {
        ReferenceId reference = created(request(RequestExportCommand.bySubject(ALICE))).reference();

        assertThat(requests.events()).containsExactly(
                new AuditEvent(reference, ALICE, AuditAction.REQUESTED, Actor.subject(ALICE), T0, java.util.Map.of()));
    }

    @Test
    void adminsRequestOnBehalfOfAUserIsAuditedWithTheAdminAsActor() {
        created(request(new RequestExportCommand(ALICE, Optional.of(CHOSEN), Actor.admin(ADMIN))));

        AuditEvent event = requests.events().get(0);
        assertThat(event.action()).isEqualTo(AuditAction.REQUESTED);
        assertThat(event.reference()).isEqualTo(CHOSEN);
        assertThat(event.userId()).isEqualTo(ALICE);
        assertThat(event.actor()).isEqualTo(Actor.admin(ADMIN));
        assertThat(event.actor().code()).isEqualTo("admin:1");
        assertThat(event.at()).isEqualTo(T0);
        assertThat(requests.require(CHOSEN).requestedBy()).isEqualTo(Actor.admin(ADMIN));
    }

    @Test
    void operatorsRequestIsAuditedWithTheOperatorAsActor() {
        clock.advance(Duration.ofSeconds(90));

        created(request(new RequestExportCommand(BOB, Optional.empty(), Actor.operator())));

        assertThat(requests.events()).singleElement().satisfies(event -> {
            assertThat(event.actor().code()).isEqualTo("operator:cli");
            assertThat(event.userId()).isEqualTo(BOB);
            assertThat(event.at()).isEqualTo(T0.plusSeconds(90));
        });
    }
}
