package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DsarRequestTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant CLAIMED_AT = T0.plusSeconds(60);
    static final Instant COMPLETED_AT = T0.plusSeconds(120);
    static final Duration LEASE = Duration.ofMinutes(5);
    static final Instant LEASE_END = CLAIMED_AT.plus(LEASE);
    /** Long after every lease and the default retention: only the status decides what is allowed. */
    static final Instant LATE = Instant.parse("2027-01-01T00:00:00Z");

    static final ReferenceId REF = new ReferenceId("GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    static final UserId OWNER = new UserId(42);
    static final String WORKER = "worker-1";
    static final String OTHER_WORKER = "worker-2";
    static final String SHA = "0123456789abcdef".repeat(4);
    static final String FILE = "dsar_GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ_20260101_000200.zip";
    static final ExportArtifact ARTIFACT = new ExportArtifact("/var/lib/dsar/exports/" + FILE, 1234, SHA);
    static final RetentionPolicy POLICY = RetentionPolicy.defaults();
    static final Instant EXPIRY = COMPLETED_AT.plus(Duration.ofDays(30));

    // ---- fixtures -------------------------------------------------------------------------------------------

    static DsarRequest pending() {
        return DsarRequest.submit(REF, OWNER, Actor.subject(OWNER), T0);
    }

    static DsarRequest processing() {
        return moved(pending().claim(WORKER, CLAIMED_AT, LEASE));
    }

    static DsarRequest completed() {
        return moved(processing().complete(WORKER, ARTIFACT, COMPLETED_AT));
    }

    static DsarRequest failed() {
        return moved(processing().fail(WORKER, "boom", COMPLETED_AT));
    }

    static DsarRequest expired() {
        return moved(completed().expire(POLICY, EXPIRY));
    }

    static DsarRequest inStatus(DsarStatus status) {
        return switch (status) {
            case PENDING -> pending();
            case PROCESSING -> processing();
            case COMPLETED -> completed();
            case FAILED -> failed();
            case EXPIRED -> expired();
        };
    }

    /** A request whose attempts are all spent, in processing under {@link #WORKER}'s lease. */
    static DsarRequest processingOnLastAttempt() {
        DsarRequest request = pending();
        Instant now = CLAIMED_AT;
        for (int attempt = 1; attempt < DsarRequest.MAX_ATTEMPTS; attempt++) {
            request = moved(request.claim(WORKER, now, LEASE));
            request = moved(request.retryLater(WORKER, "transient", now, now));
        }
        request = moved(request.claim(WORKER, now, LEASE));
        assertThat(request.attempts()).isEqualTo(DsarRequest.MAX_ATTEMPTS);
        return request;
    }

    static DsarRequest moved(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Moved.class);
        assertThat(transition.moved()).isTrue();
        return transition.request();
    }

    static Transition.Refused refused(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Refused.class);
        assertThat(transition.moved()).isFalse();
        return (Transition.Refused) transition;
    }

    // ---- the state machine as a whole -----------------------------------------------------------------------

    enum Move {
        CLAIM("claim", r -> r.claim(OTHER_WORKER, LATE, LEASE)),
        RENEW_LEASE("renew the lease of", r -> r.renewLease(WORKER, LATE, LEASE)),
        COMPLETE("complete", r -> r.complete(WORKER, ARTIFACT, LATE)),
        FAIL("fail", r -> r.fail(WORKER, "boom", LATE)),
        RETRY_LATER("retry", r -> r.retryLater(WORKER, "boom", LATE, LATE.plusSeconds(60))),
        RECOVER_ABANDONED("recover", r -> r.recoverAbandoned(LATE)),
        EXPIRE("expire", r -> r.expire(POLICY, LATE));

        final String action;
        final Function<DsarRequest, Transition> apply;

        Move(String action, Function<DsarRequest, Transition> apply) {
            this.action = action;
            this.apply = apply;
        }
    }

    /** Where each move leads from each status (when its timing and lease conditions hold). */
    static final Map<DsarStatus, Map<Move, DsarStatus>> LEGAL = Map.of(
            DsarStatus.PENDING, Map.of(Move.CLAIM, DsarStatus.PROCESSING),
            DsarStatus.PROCESSING, Map.of(
                    Move.RENEW_LEASE, DsarStatus.PROCESSING,
                    Move.COMPLETE, DsarStatus.COMPLETED,
                    Move.FAIL, DsarStatus.FAILED,
                    Move.RETRY_LATER, DsarStatus.PENDING,
                    Move.RECOVER_ABANDONED, DsarStatus.PENDING),
            DsarStatus.COMPLETED, Map.of(Move.EXPIRE, DsarStatus.EXPIRED),
            DsarStatus.FAILED, Map.of(),
            DsarStatus.EXPIRED, Map.of());

    static Stream<Arguments> legalMoves() {
        return LEGAL.entrySet().stream().flatMap(from -> from.getValue().entrySet().stream()
                .map(move -> Arguments.of(from.getKey(), move.getKey(), move.getValue())));
    }

    static Stream<Arguments> illegalMoves() {
        return Stream.of(DsarStatus.values()).flatMap(from -> EnumSet.complementOf(toSet(LEGAL.get(from).keySet()))
                .stream().map(move -> Arguments.of(from, move)));
    }

    private static EnumSet<Move> toSet(Set<Move> moves) {
        return moves.isEmpty() ? EnumSet.noneOf(Move.class) : EnumSet.copyOf(moves);
    }

    @Test
    void theMatrixCoversEveryStatusAndMove() {
        assertThat(legalMoves().count() + illegalMoves().count())
                .isEqualTo((long) DsarStatus.values().length * Move.values().length);
        assertThat(legalMoves().count()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("legalMoves")
    void everyLegalMoveLeadsToItsStatusAndBumpsTheVersionByOne(DsarStatus from, Move move, DsarStatus to) {
        DsarRequest before = inStatus(from);

        DsarRequest after = moved(move.apply.apply(before));

        assertThat(after.status()).isEqualTo(to);
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.reference()).isEqualTo(before.reference());
        assertThat(after.userId()).isEqualTo(before.userId());
        assertThat(after.requestedBy()).isEqualTo(before.requestedBy());
        assertThat(after.requestedAt()).isEqualTo(before.requestedAt());
        assertThat(before.status()).as("the original request is untouched").isEqualTo(from);
    }

    @ParameterizedTest(name = "{1} from {0} is refused")
    @MethodSource("illegalMoves")
    void everyIllegalMoveIsRefusedWithItsFromStatus(DsarStatus from, Move move) {
        DsarRequest before = inStatus(from);

        Transition.Refused refusal = refused(move.apply.apply(before));

        assertThat(refusal.from()).isEqualTo(from);
        assertThat(refusal.action()).isEqualTo(move.action);
        assertThat(refusal.reason()).isNotBlank();
        assertThat(refusal.toString()).startsWith("cannot " + move.action + " a request that is " + from.code() + ": ");
    }

    @Test
    void theHappyPathCountsOneVersionPerMove() {
        DsarRequest pending = pending();
        DsarRequest processing = moved(pending.claim(WORKER, CLAIMED_AT, LEASE));
        DsarRequest renewed = moved(processing.renewLease(WORKER, CLAIMED_AT.plusSeconds(30), LEASE));
        DsarRequest completed = moved(renewed.complete(WORKER, ARTIFACT, COMPLETED_AT));
        DsarRequest expired = moved(completed.expire(POLICY, EXPIRY));

        assertThat(Stream.of(pending, processing, renewed, completed, expired).map(DsarRequest::version))
                .containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    // ---- submit ---------------------------------------------------------------------------------------------

    @Nested
    class Submit {

        @Test
        void aNewRequestIsPendingWithNothingDoneYet() {
            DsarRequest request = pending();

            assertThat(request.reference()).isEqualTo(REF);
            assertThat(request.userId()).isEqualTo(OWNER);
            assertThat(request.requestedBy()).isEqualTo(Actor.subject(OWNER));
            assertThat(request.status()).isEqualTo(DsarStatus.PENDING);
            assertThat(request.requestedAt()).isEqualTo(T0);
            assertThat(request.attempts()).isZero();
            assertThat(request.version()).isZero();
            assertThat(request.downloadCount()).isZero();
            assertThat(request.lease()).isNull();
            assertThat(request.startedAt()).isNull();
            assertThat(request.completedAt()).isNull();
            assertThat(request.failedAt()).isNull();
            assertThat(request.fileDeletedAt()).isNull();
            assertThat(request.nextAttemptAt()).isNull();
            assertThat(request.storagePath()).isNull();
            assertThat(request.exportBytes()).isNull();
            assertThat(request.exportSha256()).isNull();
            assertThat(request.lastError()).isNull();
            assertThat(request.lastDownloadedAt()).isNull();
        }

        @Test
        void anAdminMaySubmitForADataSubject() {
            DsarRequest request = DsarRequest.submit(REF, OWNER, Actor.admin(new UserId(7)), T0);

            assertThat(request.requestedBy()).isEqualTo(Actor.admin(new UserId(7)));
            assertThat(request.isOwnedBy(OWNER)).isTrue();
            assertThat(request.isOwnedBy(new UserId(7))).isFalse();
        }
    }

    // ---- claim ----------------------------------------------------------------------------------------------

    @Nested
    class Claim {

        @Test
        void claimingStartsAnAttemptUnderALeaseOfTheGivenLength() {
            DsarRequest processing = moved(pending().claim(WORKER, CLAIMED_AT, LEASE));

            assertThat(processing.status()).isEqualTo(DsarStatus.PROCESSING);
            assertThat(processing.startedAt()).isEqualTo(CLAIMED_AT);
            assertThat(processing.attempts()).isEqualTo(1);
            assertThat(processing.lease()).isEqualTo(new Lease(WORKER, LEASE_END));
            assertThat(processing.nextAttemptAt()).isNull();
            assertThat(processing.version()).isEqualTo(1);
        }

        @Test
        void anAttemptNeverStartsBeforeTheRequestEvenWhenTheClaimingClockIsBehind() {
            Instant behind = T0.minusMillis(4);

            DsarRequest processing = moved(pending().claim(WORKER, behind, LEASE));

            assertThat(processing.startedAt()).isEqualTo(T0);
            assertThat(processing.lease()).isEqualTo(new Lease(WORKER, behind.plus(LEASE)));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1})
        void aLeaseOfNoLengthIsAProgrammingErrorForClaimAndRenewal(long seconds) {
            Duration length = Duration.ofSeconds(seconds);

            assertThatIllegalArgumentException().isThrownBy(() -> pending().claim(WORKER, CLAIMED_AT, length));
            assertThatIllegalArgumentException().isThrownBy(() -> processing().renewLease(WORKER, CLAIMED_AT, length));
        }

        @Test
        void aProcessingRequestCannotBeClaimedAgainEvenByItsOwnWorker() {
            Transition.Refused refusal = refused(processing().claim(WORKER, CLAIMED_AT.plusSeconds(1), LEASE));

            assertThat(refusal.from()).isEqualTo(DsarStatus.PROCESSING);
            assertThat(refusal.action()).isEqualTo("claim");
        }

        @Test
        void aRetriedRequestIsNotClaimedBeforeItsNextAttemptIsDue() {
            Instant retryAt = CLAIMED_AT.plusSeconds(600);
            DsarRequest waiting = moved(processing().retryLater(WORKER, "db down", CLAIMED_AT, retryAt));

            Transition.Refused refusal = refused(waiting.claim(WORKER, retryAt.minusNanos(1), LEASE));

            assertThat(refusal.from()).isEqualTo(DsarStatus.PENDING);
            assertThat(refusal.reason()).isEqualTo("its next attempt is not due yet");
            assertThat(refused(waiting.claim(WORKER, CLAIMED_AT, LEASE)).from()).isEqualTo(DsarStatus.PENDING);
        }

        @Test
        void aRetriedRequestIsClaimedExactlyWhenItsNextAttemptIsDue() {
            Instant retryAt = CLAIMED_AT.plusSeconds(600);
            DsarRequest waiting = moved(processing().retryLater(WORKER, "db down", CLAIMED_AT, retryAt));

            DsarRequest again = moved(waiting.claim(OTHER_WORKER, retryAt, LEASE));

            assertThat(again.status()).isEqualTo(DsarStatus.PROCESSING);
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(again.nextAttemptAt()).isNull();
            assertThat(again.startedAt()).isEqualTo(retryAt);
            assertThat(again.lease()).isEqualTo(new Lease(OTHER_WORKER, retryAt.plus(LEASE)));
        }

        @Test
        void aRetriedRequestIsClaimedAfterItsNextAttemptIsDue() {
            Instant retryAt = CLAIMED_AT.plusSeconds(600);
            DsarRequest waiting = moved(processing().retryLater(WORKER, "db down", CLAIMED_AT, retryAt));

            assertThat(moved(waiting.claim(WORKER, retryAt.plusNanos(1), LEASE)).attempts()).isEqualTo(2);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "\t"})
        void aWorkerWithoutANameCannotClaim(String worker) {
            assertThatIllegalArgumentException().isThrownBy(() -> pending().claim(worker, CLAIMED_AT, LEASE));
        }
    }

    // ---- lease ownership ------------------------------------------------------------------------------------

    @Nested
    class LeaseOwnership {

        @Test
        void theWorkerHoldingTheLeaseCanRenewIt() {
            Instant now = CLAIMED_AT.plusSeconds(240);

            DsarRequest renewed = moved(processing().renewLease(WORKER, now, LEASE));

            assertThat(renewed.status()).isEqualTo(DsarStatus.PROCESSING);
            assertThat(renewed.lease()).isEqualTo(new Lease(WORKER, now.plus(LEASE)));
            assertThat(renewed.attempts()).isEqualTo(1);
            assertThat(renewed.startedAt()).isEqualTo(CLAIMED_AT);
            assertThat(renewed.version()).isEqualTo(2);
        }

        @Test
        void aRenewedLeaseIsNotRecoveredAtItsOldExpiry() {
            DsarRequest renewed = moved(processing().renewLease(WORKER, CLAIMED_AT.plusSeconds(240), LEASE));

            Transition.Refused refusal = refused(renewed.recoverAbandoned(LEASE_END));

            assertThat(refusal.from()).isEqualTo(DsarStatus.PROCESSING);
            assertThat(refusal.reason()).isEqualTo("its lease is still running");
        }

        static Stream<Arguments> ownerOnlyMoves() {
            return Stream.of(
                    Arguments.of("renew the lease of",
                            (Function<String, Transition>) w -> processing().renewLease(w, CLAIMED_AT, LEASE)),
                    Arguments.of("complete",
                            (Function<String, Transition>) w -> processing().complete(w, ARTIFACT, COMPLETED_AT)),
                    Arguments.of("fail",
                            (Function<String, Transition>) w -> processing().fail(w, "boom", COMPLETED_AT)),
                    Arguments.of("retry",
                            (Function<String, Transition>) w -> processing().retryLater(w, "boom", COMPLETED_AT, LATE)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("ownerOnlyMoves")
        void anotherWorkerCannotActOnALeaseItDoesNotHold(String action, Function<String, Transition> move) {
            for (String stranger : new String[] {OTHER_WORKER, "WORKER-1", WORKER + " ", "", null}) {
                Transition.Refused refusal = refused(move.apply(stranger));

                assertThat(refusal.from()).isEqualTo(DsarStatus.PROCESSING);
                assertThat(refusal.action()).isEqualTo(action);
                assertThat(refusal.reason()).isEqualTo("another worker holds its lease");
            }
        }

        @Test
        void anotherWorkerCannotCompleteEvenAfterTheLeaseHasRunOut() {
            Transition.Refused refusal = refused(processing().complete(OTHER_WORKER, ARTIFACT, LEASE_END.plusSeconds(60)));

            assertThat(refusal.from()).isEqualTo(DsarStatus.PROCESSING);
            assertThat(refusal.reason()).isEqualTo("another worker holds its lease");
        }

        @Test
        void aWorkerWhoseRequestWasRecoveredAndReclaimedCanNoLongerComplete() {
            DsarRequest recovered = moved(processing().recoverAbandoned(LEASE_END));
            DsarRequest reclaimed = moved(recovered.claim(OTHER_WORKER, LEASE_END, LEASE));

            Transition.Refused refusal = refused(reclaimed.complete(WORKER, ARTIFACT, LEASE_END.plusSeconds(1)));

            assertThat(refusal.reason()).isEqualTo("another worker holds its lease");
            assertThat(moved(reclaimed.complete(OTHER_WORKER, ARTIFACT, LEASE_END.plusSeconds(1))).status())
                    .isEqualTo(DsarStatus.COMPLETED);
        }

        @Test
        void aWorkerWhoseRequestWasRecoveredCannotRenewFailOrRetryIt() {
            DsarRequest recovered = moved(processing().recoverAbandoned(LEASE_END));

            for (Transition attempt : new Transition[] {
                recovered.renewLease(WORKER, LEASE_END, LEASE),
                recovered.complete(WORKER, ARTIFACT, LEASE_END),
                recovered.fail(WORKER, "late", LEASE_END),
                recovered.retryLater(WORKER, "late", LEASE_END, LATE),
            }) {
                Transition.Refused refusal = refused(attempt);
                assertThat(refusal.from()).isEqualTo(DsarStatus.PENDING);
                assertThat(refusal.reason()).isEqualTo("it is not being processed");
            }
        }
    }

    // ---- complete -------------------------------------------------------------------------------------------

    @Nested
    class Complete {

        @Test
        void completingRecordsTheArtifactAndReleasesTheLease() {
            DsarRequest completed = moved(processing().complete(WORKER, ARTIFACT, COMPLETED_AT));

            assertThat(completed.status()).isEqualTo(DsarStatus.COMPLETED);
            assertThat(completed.completedAt()).isEqualTo(COMPLETED_AT);
            assertThat(completed.storagePath()).isEqualTo(ARTIFACT.storagePath());
            assertThat(completed.exportBytes()).isEqualTo(1234L);
            assertThat(completed.exportSha256()).isEqualTo(SHA);
            assertThat(completed.lease()).isNull();
            assertThat(completed.attempts()).isEqualTo(1);
            assertThat(completed.downloadCount()).isZero();
            assertThat(completed.version()).isEqualTo(2);
        }

        @Test
        void completingAfterAnEarlierFaultClearsTheLastError() {
            DsarRequest retried = moved(processing().retryLater(WORKER, "db down", CLAIMED_AT, CLAIMED_AT));
            DsarRequest second = moved(retried.claim(WORKER, CLAIMED_AT, LEASE));
            assertThat(second.lastError()).isEqualTo("db down");

            DsarRequest completed = moved(second.complete(WORKER, ARTIFACT, COMPLETED_AT));

            assertThat(completed.lastError()).isNull();
            assertThat(completed.attempts()).isEqualTo(2);
        }

        @Test
        void anEmptyExportCompletes() {
            ExportArtifact empty = new ExportArtifact("/exports/" + FILE, 0, SHA);

            assertThat(moved(processing().complete(WORKER, empty, COMPLETED_AT)).exportBytes()).isZero();
        }
    }

    // ---- fail -----------------------------------------------------------------------------------------------

    @Nested
    class Fail {

        @Test
        void failingRecordsWhenAndWhyAndReleasesTheLease() {
            DsarRequest failed = moved(processing().fail(WORKER, "section 'orders' query broken", COMPLETED_AT));

            assertThat(failed.status()).isEqualTo(DsarStatus.FAILED);
            assertThat(failed.failedAt()).isEqualTo(COMPLETED_AT);
            assertThat(failed.lastError()).isEqualTo("section 'orders' query broken");
            assertThat(failed.lease()).isNull();
            assertThat(failed.nextAttemptAt()).isNull();
            assertThat(failed.completedAt()).isNull();
            assertThat(failed.storagePath()).isNull();
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.version()).isEqualTo(2);
        }

        @Test
        void failingOnTheFirstAttemptDoesNotWaitForTheOthers() {
            DsarRequest failed = moved(processing().fail(WORKER, "permanent", COMPLETED_AT));

            assertThat(failed.attempts()).isLessThan(DsarRequest.MAX_ATTEMPTS);
            assertThat(failed.status()).isEqualTo(DsarStatus.FAILED);
        }
    }

    // ---- retryLater and attempts ----------------------------------------------------------------------------

    @Nested
    class RetryLater {

        @Test
        void aTransientFaultWithAttemptsLeftGoesBackToPendingUntilTheRetryTime() {
            Instant retryAt = COMPLETED_AT.plusSeconds(30);

            DsarRequest waiting = moved(processing().retryLater(WORKER, "database unreachable", COMPLETED_AT, retryAt));

            assertThat(waiting.status()).isEqualTo(DsarStatus.PENDING);
            assertThat(waiting.nextAttemptAt()).isEqualTo(retryAt);
            assertThat(waiting.lease()).isNull();
            assertThat(waiting.lastError()).isEqualTo("database unreachable");
            assertThat(waiting.attempts()).isEqualTo(1);
            assertThat(waiting.failedAt()).isNull();
            assertThat(waiting.version()).isEqualTo(2);
        }

        @Test
        void attemptsCountOnePerClaimAndTheLastTransientFaultFails() {
            DsarRequest request = pending();
            Instant now = CLAIMED_AT;
            for (int attempt = 1; attempt <= DsarRequest.MAX_ATTEMPTS; attempt++) {
                request = moved(request.claim(WORKER, now, LEASE));
                assertThat(request.attempts()).isEqualTo(attempt);
                assertThat(request.version()).isEqualTo(2L * attempt - 1);

                Instant retryAt = now.plusSeconds(60);
                request = moved(request.retryLater(WORKER, "disk full #" + attempt, now, retryAt));
                assertThat(request.version()).isEqualTo(2L * attempt);

                if (attempt < DsarRequest.MAX_ATTEMPTS) {
                    assertThat(request.status()).isEqualTo(DsarStatus.PENDING);
                    assertThat(request.nextAttemptAt()).isEqualTo(retryAt);
                    now = retryAt;
                } else {
                    assertThat(request.status()).isEqualTo(DsarStatus.FAILED);
                    assertThat(request.failedAt()).isEqualTo(now);
                    assertThat(request.nextAttemptAt()).isNull();
                    assertThat(request.lease()).isNull();
                    assertThat(request.lastError()).isEqualTo("disk full #" + DsarRequest.MAX_ATTEMPTS);
                }
            }
            assertThat(request.attempts()).isEqualTo(DsarRequest.MAX_ATTEMPTS);
        }

        @Test
        void retryLaterOnTheLastAttemptFailsAtOnce() {
            Instant now = CLAIMED_AT.plusSeconds(10);

            DsarRequest failed = moved(processingOnLastAttempt().retryLater(WORKER, "db down", now, now.plusSeconds(60)));

            assertThat(failed.status()).isEqualTo(DsarStatus.FAILED);
            assertThat(failed.failedAt()).isEqualTo(now);
            assertThat(failed.nextAttemptAt()).isNull();
            assertThat(failed.lastError()).isEqualTo("db down");
        }

        @Test
        void theAttemptBeforeTheLastStillGoesBackToPending() {
            DsarRequest request = pending();
            for (int attempt = 1; attempt < DsarRequest.MAX_ATTEMPTS; attempt++) {
                request = moved(request.claim(WORKER, CLAIMED_AT, LEASE));
                request = moved(request.retryLater(WORKER, "x", CLAIMED_AT, CLAIMED_AT));
                assertThat(request.status()).isEqualTo(DsarStatus.PENDING);
            }
            assertThat(request.attempts()).isEqualTo(DsarRequest.MAX_ATTEMPTS - 1);
        }

        @Test
        void aFailedRequestIsNeverClaimedAgain() {
            DsarRequest failed = moved(processingOnLastAttempt().retryLater(WORKER, "x", CLAIMED_AT, CLAIMED_AT));

            assertThat(refused(failed.claim(WORKER, LATE, LEASE)).from()).isEqualTo(DsarStatus.FAILED);
        }
    }

    // ---- recoverAbandoned -----------------------------------------------------------------------------------

    @Nested
    class RecoverAbandoned {

        @Test
        void aRequestIsNotRecoveredWhileItsLeaseRuns() {
            for (Instant now : new Instant[] {CLAIMED_AT, LEASE_END.minusSeconds(1), LEASE_END.minusNanos(1)}) {
                Transition.Refused refusal = refused(processing().recoverAbandoned(now));

                assertThat(refusal.from()).isEqualTo(DsarStatus.PROCESSING);
                assertThat(refusal.action()).isEqualTo("recover");
                assertThat(refusal.reason()).isEqualTo("its lease is still running");
            }
        }

        @Test
        void aRequestIsRecoveredExactlyWhenItsLeaseExpires() {
            DsarRequest recovered = moved(processing().recoverAbandoned(LEASE_END));

            assertThat(recovered.status()).isEqualTo(DsarStatus.PENDING);
            assertThat(recovered.lease()).isNull();
            assertThat(recovered.nextAttemptAt()).isNull();
            assertThat(recovered.attempts()).isEqualTo(1);
            assertThat(recovered.lastError()).contains("lease expired").contains("attempt 1");
            assertThat(recovered.version()).isEqualTo(2);
        }

        @Test
        void aRequestIsRecoveredAfterItsLeaseExpired() {
            DsarRequest recovered = moved(processing().recoverAbandoned(LEASE_END.plusNanos(1)));

            assertThat(recovered.status()).isEqualTo(DsarStatus.PENDING);
        }

        @Test
        void aRecoveredRequestCanBeClaimedRightAwayByAnotherWorker() {
            DsarRequest recovered = moved(processing().recoverAbandoned(LEASE_END));

            DsarRequest reclaimed = moved(recovered.claim(OTHER_WORKER, LEASE_END, LEASE));

            assertThat(reclaimed.attempts()).isEqualTo(2);
            assertThat(reclaimed.lease().isHeldBy(OTHER_WORKER)).isTrue();
        }

        @Test
        void anAbandonedLastAttemptFails() {
            DsarRequest last = processingOnLastAttempt();
            Instant leaseEnd = last.lease().expiresAt();

            DsarRequest failed = moved(last.recoverAbandoned(leaseEnd));

            assertThat(failed.status()).isEqualTo(DsarStatus.FAILED);
            assertThat(failed.failedAt()).isEqualTo(leaseEnd);
            assertThat(failed.lease()).isNull();
            assertThat(failed.lastError()).contains("lease expired").contains("attempt " + DsarRequest.MAX_ATTEMPTS);
        }

        @Test
        void abandonmentsUseUpAttemptsLikeTransientFaults() {
            DsarRequest request = pending();
            Instant now = CLAIMED_AT;
            for (int attempt = 1; attempt <= DsarRequest.MAX_ATTEMPTS; attempt++) {
                request = moved(request.claim("worker-" + attempt, now, LEASE));
                now = now.plus(LEASE);
                request = moved(request.recoverAbandoned(now));
            }

            assertThat(request.status()).isEqualTo(DsarStatus.FAILED);
            assertThat(request.attempts()).isEqualTo(DsarRequest.MAX_ATTEMPTS);
            assertThat(request.version()).isEqualTo(2L * DsarRequest.MAX_ATTEMPTS);
        }
    }

    // ---- expire ---------------------------------------------------------------------------------------------

    @Nested
    class Expire {

        @Test
        void aCompletedExportIsNotExpiredOneNanosecondBeforeItsExpiryInstant() {
            Transition.Refused refusal = refused(completed().expire(POLICY, EXPIRY.minusNanos(1)));

            assertThat(refusal.from()).isEqualTo(DsarStatus.COMPLETED);
            assertThat(refusal.action()).isEqualTo("expire");
            assertThat(refusal.reason()).contains(EXPIRY.toString());
        }

        @Test
        void aJustCompletedExportIsNotExpired() {
            assertThat(refused(completed().expire(POLICY, COMPLETED_AT)).from()).isEqualTo(DsarStatus.COMPLETED);
        }

        @Test
        void aCompletedExportIsExpiredExactlyAtItsExpiryInstant() {
            DsarRequest expired = moved(completed().expire(POLICY, EXPIRY));

            assertThat(expired.status()).isEqualTo(DsarStatus.EXPIRED);
            assertThat(expired.storagePath()).isNull();
            assertThat(expired.fileDeletedAt()).isEqualTo(EXPIRY);
            assertThat(expired.completedAt()).isEqualTo(COMPLETED_AT);
            assertThat(expired.version()).isEqualTo(3);
        }

        @Test
        void aCompletedExportIsExpiredAfterItsExpiryInstant() {
            Instant later = EXPIRY.plusSeconds(3600);

            DsarRequest expired = moved(completed().expire(POLICY, later));

            assertThat(expired.status()).isEqualTo(DsarStatus.EXPIRED);
            assertThat(expired.fileDeletedAt()).isEqualTo(later);
        }

        @Test
        void expiryFollowsTheRetentionInForce() {
            RetentionPolicy oneHour = POLICY.withRetention(Duration.ofHours(1));
            Instant boundary = COMPLETED_AT.plus(Duration.ofHours(1));

            assertThat(refused(completed().expire(oneHour, boundary.minusNanos(1))).from()).isEqualTo(DsarStatus.COMPLETED);
            assertThat(moved(completed().expire(oneHour, boundary)).status()).isEqualTo(DsarStatus.EXPIRED);
        }

        @Test
        void anExpiredRequestCannotExpireAgain() {
            Transition.Refused refusal = refused(expired().expire(POLICY, LATE));

            assertThat(refusal.from()).isEqualTo(DsarStatus.EXPIRED);
            assertThat(refusal.reason()).isEqualTo("only completed exports expire");
        }
    }

    // ---- discard the file of a failed export -----------------------------------------------------------------

    @Nested
    class DiscardFailedExportFile {

        /** Failed at {@link #COMPLETED_AT}; the default failed-export retention is one hour. */
        final Instant due = COMPLETED_AT.plus(RetentionPolicy.DEFAULT_FAILED_RETENTION);

        DsarRequest failedWithFile() {
            DsarRequest failed = failed();
            return new DsarRequest(failed.reference(), failed.userId(), failed.requestedBy(), failed.status(),
                    failed.requestedAt(), failed.startedAt(), failed.completedAt(), failed.failedAt(), null,
                    failed.attempts(), null, null, ARTIFACT.storagePath() + ".part", null, null, failed.lastError(),
                    0, null, failed.version());
        }

        @Test
        void theFileOfAFailedExportIsKeptUntilOneNanosecondBeforeTheFailedRetentionEnds() {
            Transition.Refused refusal = refused(failedWithFile().discardFailedExportFile(POLICY, due.minusNanos(1)));

            assertThat(refusal.from()).isEqualTo(DsarStatus.FAILED);
            assertThat(refusal.action()).isEqualTo("discard the file of");
            assertThat(refusal.reason()).contains(due.toString());
        }

        @Test
        void theFileOfAFailedExportIsDiscardedExactlyWhenTheFailedRetentionEnds() {
            DsarRequest before = failedWithFile();

            DsarRequest after = moved(before.discardFailedExportFile(POLICY, due));

            assertThat(after.status()).isEqualTo(DsarStatus.FAILED);
            assertThat(after.storagePath()).isNull();
            assertThat(after.fileDeletedAt()).isEqualTo(due);
            assertThat(after.failedAt()).isEqualTo(before.failedAt());
            assertThat(after.lastError()).isEqualTo(before.lastError());
            assertThat(after.version()).isEqualTo(before.version() + 1);
        }

        @Test
        void aFailedExportWithoutAFileHasNothingToDiscard() {
            assertThat(refused(failed().discardFailedExportFile(POLICY, LATE)).reason()).isEqualTo("it has no file");
        }

        @ParameterizedTest
        @EnumSource(value = DsarStatus.class, names = {"PENDING", "PROCESSING", "COMPLETED", "EXPIRED"})
        void onlyFailedExportsHaveTheirFileDiscarded(DsarStatus status) {
            Transition.Refused refusal = refused(inStatus(status).discardFailedExportFile(POLICY, LATE));

            assertThat(refusal.from()).isEqualTo(status);
            assertThat(refusal.reason()).isEqualTo("only failed exports leave a file to discard");
        }
    }

    // ---- questions: expiresAt, effectiveStatus, isDownloadable -----------------------------------------------

    @Nested
    class Questions {

        @ParameterizedTest
        @EnumSource(value = DsarStatus.class, names = {"PENDING", "PROCESSING", "FAILED"})
        void unfinishedOrFailedRequestsHaveNoExpiry(DsarStatus status) {
            assertThat(inStatus(status).expiresAt(POLICY)).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = DsarStatus.class, names = {"COMPLETED", "EXPIRED"})
        void completedAndExpiredRequestsExpireAtCompletionPlusRetention(DsarStatus status) {
            assertThat(inStatus(status).expiresAt(POLICY)).contains(EXPIRY);
            assertThat(inStatus(status).expiresAt(RetentionPolicy.ofDays(7))).contains(COMPLETED_AT.plus(Duration.ofDays(7)));
        }

        @Test
        void aCompletedExportIsCompletedOneNanosecondBeforeItsExpiry() {
            assertThat(completed().effectiveStatus(POLICY, EXPIRY.minusNanos(1))).isEqualTo(DsarStatus.COMPLETED);
            assertThat(completed().effectiveStatus(POLICY, COMPLETED_AT)).isEqualTo(DsarStatus.COMPLETED);
        }

        @Test
        void aCompletedExportIsEffectivelyExpiredExactlyAtItsExpiryEvenBeforeCleanup() {
            assertThat(completed().effectiveStatus(POLICY, EXPIRY)).isEqualTo(DsarStatus.EXPIRED);
            assertThat(completed().effectiveStatus(POLICY, LATE)).isEqualTo(DsarStatus.EXPIRED);
        }

        @Test
        void aShorterRetentionInForceExpiresAnExportSooner() {
            RetentionPolicy oneDay = RetentionPolicy.ofDays(1);
            Instant dayLater = COMPLETED_AT.plus(Duration.ofDays(1));

            assertThat(completed().effectiveStatus(oneDay, dayLater)).isEqualTo(DsarStatus.EXPIRED);
            assertThat(completed().effectiveStatus(POLICY, dayLater)).isEqualTo(DsarStatus.COMPLETED);
        }

        @ParameterizedTest
        @EnumSource(value = DsarStatus.class, names = {"PENDING", "PROCESSING", "FAILED", "EXPIRED"})
        void otherStatusesAreTheirOwnEffectiveStatusAtAnyTime(DsarStatus status) {
            for (Instant now : new Instant[] {T0, EXPIRY.minusNanos(1), EXPIRY, LATE}) {
                assertThat(inStatus(status).effectiveStatus(POLICY, now)).isEqualTo(status);
            }
        }

        @Test
        void aCompletedExportIsDownloadableUntilOneNanosecondBeforeItsExpiry() {
            assertThat(completed().isDownloadable(POLICY, COMPLETED_AT)).isTrue();
            assertThat(completed().isDownloadable(POLICY, EXPIRY.minusNanos(1))).isTrue();
        }

        @Test
        void aCompletedExportIsNotDownloadableFromItsExpiryInstantOn() {
            assertThat(completed().isDownloadable(POLICY, EXPIRY)).isFalse();
            assertThat(completed().isDownloadable(POLICY, EXPIRY.plusNanos(1))).isFalse();
        }

        @ParameterizedTest
        @EnumSource(value = DsarStatus.class, names = {"PENDING", "PROCESSING", "FAILED", "EXPIRED"})
        void onlyCompletedExportsAreDownloadable(DsarStatus status) {
            assertThat(inStatus(status).isDownloadable(POLICY, COMPLETED_AT.plusSeconds(1))).isFalse();
        }

        @Test
        void aRequestIsOwnedOnlyByItsDataSubject() {
            assertThat(pending().isOwnedBy(OWNER)).isTrue();
            assertThat(pending().isOwnedBy(new UserId(43))).isFalse();
            assertThat(pending().isOwnedBy(null)).isFalse();
        }
    }

    // ---- last_error -----------------------------------------------------------------------------------------

    @Nested
    class LastError {

        private String failWith(String error) {
            return moved(processing().fail(WORKER, error, COMPLETED_AT)).lastError();
        }

        @Test
        void aMultiLineErrorBecomesOneLine() {
            String stackTrace = "org.postgresql.util.PSQLException: Connection refused\n"
                    + "\tat org.postgresql.Driver.connect(Driver.java:1)\r\n"
                    + "  at dev.dsar.Worker.run(Worker.java:2)\n";

            assertThat(failWith(stackTrace)).isEqualTo("org.postgresql.util.PSQLException: Connection refused "
                    + "at org.postgresql.Driver.connect(Driver.java:1) at dev.dsar.Worker.run(Worker.java:2)");
        }

        @Test
        void unicodeLineAndParagraphSeparatorsAlsoBecomeSpaces() {
            assertThat(failWith("disk\u0085full\u2028on\u2029node")).isEqualTo("disk full on node");
        }

        @Test
        void cuttingALongErrorNeverSplitsACharacterInTwo() {
            String error = "x".repeat(DsarRequest.MAX_ERROR_LENGTH - 2) + "\uD83D\uDE00" + "tail";

            String recorded = failWith(error);

            assertThat(recorded).isEqualTo("x".repeat(DsarRequest.MAX_ERROR_LENGTH - 2) + "…");
            assertThat(Character.isHighSurrogate(recorded.charAt(recorded.length() - 2))).isFalse();
        }

        @Test
        void runsOfWhitespaceCollapseAndTheEndsAreTrimmed() {
            assertThat(failWith("  \t disk \f\u000B full \r\n\n  ")).isEqualTo("disk full");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "\n", "\t\r\n "})
        void aMissingErrorIsRecordedAsExportFailed(String error) {
            assertThat(failWith(error)).isEqualTo("export failed");
        }

        @Test
        void anErrorOfExactlyTheMaximumLengthIsKept() {
            String error = "e".repeat(DsarRequest.MAX_ERROR_LENGTH);

            assertThat(failWith(error)).isEqualTo(error);
        }

        @Test
        void anErrorOneCharacterTooLongIsCutToTheMaximumWithAnEllipsis() {
            String error = "x".repeat(DsarRequest.MAX_ERROR_LENGTH - 1) + "yz";

            String recorded = failWith(error);

            assertThat(recorded).hasSize(DsarRequest.MAX_ERROR_LENGTH);
            assertThat(recorded).isEqualTo("x".repeat(DsarRequest.MAX_ERROR_LENGTH - 1) + "…");
        }

        @Test
        void aVeryLongMultiLineErrorIsOneLineOfTheMaximumLength() {
            String error = "caused by: something went wrong\n\tat frame\n".repeat(1_000);

            String recorded = failWith(error);

            assertThat(recorded).hasSize(DsarRequest.MAX_ERROR_LENGTH).endsWith("…").doesNotContain("\n", "\r", "\t");
            assertThat(recorded).startsWith("caused by: something went wrong at frame caused by:");
        }

        @Test
        void theLengthIsCheckedAfterCollapsingWhitespace() {
            String error = "a" + " ".repeat(1_000) + "b";

            assertThat(failWith(error)).isEqualTo("a b");
        }

        @Test
        void retryLaterTrimsTheErrorWhenGoingBackToPending() {
            DsarRequest waiting = moved(processing().retryLater(WORKER, "db\n  down\n", COMPLETED_AT, LATE));

            assertThat(waiting.status()).isEqualTo(DsarStatus.PENDING);
            assertThat(waiting.lastError()).isEqualTo("db down");
        }

        @Test
        void retryLaterTrimsTheErrorWhenFailing() {
            DsarRequest failed = moved(processingOnLastAttempt().retryLater(
                    WORKER, "z".repeat(2 * DsarRequest.MAX_ERROR_LENGTH) + "\n", COMPLETED_AT, LATE));

            assertThat(failed.status()).isEqualTo(DsarStatus.FAILED);
            assertThat(failed.lastError()).hasSize(DsarRequest.MAX_ERROR_LENGTH).endsWith("…");
        }

        @Test
        void retryLaterWithoutAnErrorRecordsExportFailed() {
            assertThat(moved(processing().retryLater(WORKER, null, COMPLETED_AT, LATE)).lastError())
                    .isEqualTo("export failed");
        }
    }

    // ---- constructor invariants ----------------------------------------------------------------------------

    /** Every field of the record, starting from a valid pending request. */
    static final class Row {
        ReferenceId reference = REF;
        UserId userId = OWNER;
        Actor requestedBy = Actor.subject(OWNER);
        DsarStatus status = DsarStatus.PENDING;
        Instant requestedAt = T0;
        Instant startedAt;
        Instant completedAt;
        Instant failedAt;
        Instant fileDeletedAt;
        int attempts;
        Instant nextAttemptAt;
        Lease lease;
        String storagePath;
        Long exportBytes;
        String exportSha256;
        String lastError;
        long downloadCount;
        Instant lastDownloadedAt;
        long version;

        static Row of(DsarStatus status) {
            Row row = new Row();
            row.status = status;
            switch (status) {
                case PROCESSING -> {
                    row.lease = new Lease(WORKER, LEASE_END);
                    row.attempts = 1;
                }
                case COMPLETED -> row.withExport();
                case EXPIRED -> {
                    row.completedAt = COMPLETED_AT;
                    row.exportBytes = 1L;
                    row.exportSha256 = SHA;
                    row.fileDeletedAt = EXPIRY;
                }
                case FAILED -> row.failedAt = COMPLETED_AT;
                default -> { }
            }
            return row;
        }

        Row withExport() {
            completedAt = COMPLETED_AT;
            storagePath = ARTIFACT.storagePath();
            exportBytes = ARTIFACT.bytes();
            exportSha256 = ARTIFACT.sha256();
            return this;
        }

        DsarRequest build() {
            return new DsarRequest(reference, userId, requestedBy, status, requestedAt, startedAt, completedAt,
                    failedAt, fileDeletedAt, attempts, nextAttemptAt, lease, storagePath, exportBytes, exportSha256,
                    lastError, downloadCount, lastDownloadedAt, version);
        }
    }

    @Nested
    class Invariants {

        @ParameterizedTest
        @EnumSource(DsarStatus.class)
        void aConsistentRowOfEveryStatusIsAccepted(DsarStatus status) {
            assertThat(Row.of(status).build().status()).isEqualTo(status);
        }

        @Test
        void aProcessingRequestWithoutALeaseIsRejected() {
            Row row = Row.of(DsarStatus.PROCESSING);
            row.lease = null;

            assertThatIllegalArgumentException().isThrownBy(row::build).withMessageContaining("lease");
        }

        @ParameterizedTest
        @EnumSource(value = DsarStatus.class, names = {"PENDING", "COMPLETED", "FAILED", "EXPIRED"})
        void aRequestThatIsNotProcessingCannotHoldALease(DsarStatus status) {
            Row row = Row.of(status);
            row.lease = new Lease(WORKER, LEASE_END);

            assertThatIllegalArgumentException().isThrownBy(row::build).withMessageContaining("lease");
        }

        static Stream<Arguments> missingExportParts() {
            return Stream.of(
                    Arguments.of("completedAt", (java.util.function.Consumer<Row>) r -> r.completedAt = null),
                    Arguments.of("storagePath", (java.util.function.Consumer<Row>) r -> r.storagePath = null),
                    Arguments.of("exportBytes", (java.util.function.Consumer<Row>) r -> r.exportBytes = null),
                    Arguments.of("exportSha256", (java.util.function.Consumer<Row>) r -> r.exportSha256 = null));
        }

        @ParameterizedTest(name = "without {0}")
        @MethodSource("missingExportParts")
        void aCompletedRequestWithoutItsExportIsRejected(String part, java.util.function.Consumer<Row> removal) {
            Row row = Row.of(DsarStatus.COMPLETED);
            removal.accept(row);

            assertThatIllegalArgumentException().isThrownBy(row::build);
        }

        @Test
        void anExpiredRequestThatStillHasAFileIsRejected() {
            Row row = Row.of(DsarStatus.EXPIRED);
            row.storagePath = ARTIFACT.storagePath();

            assertThatIllegalArgumentException().isThrownBy(row::build);
        }

        @Test
        void anExpiredRequestThatWasNeverCompletedIsRejected() {
            Row row = Row.of(DsarStatus.EXPIRED);
            row.completedAt = null;

            assertThatIllegalArgumentException().isThrownBy(row::build);
        }

        @Test
        void aFailedRequestWithoutItsFailureTimeIsRejected() {
            Row row = Row.of(DsarStatus.FAILED);
            row.failedAt = null;

            assertThatIllegalArgumentException().isThrownBy(row::build);
        }

        @Test
        void negativeAttemptsAreRejected() {
            Row row = Row.of(DsarStatus.PENDING);
            row.attempts = -1;

            assertThatIllegalArgumentException().isThrownBy(row::build);
        }

        @Test
        void aNegativeDownloadCountIsRejected() {
            Row row = Row.of(DsarStatus.COMPLETED);
            row.downloadCount = -1;

            assertThatIllegalArgumentException().isThrownBy(row::build);
        }

        @Test
        void aNegativeVersionIsRejected() {
            Row row = Row.of(DsarStatus.PENDING);
            row.version = -1;

            assertThatIllegalArgumentException().isThrownBy(row::build);
        }

        static Stream<Arguments> requiredFields() {
            return Stream.of(
                    Arguments.of("reference", (java.util.function.Consumer<Row>) r -> r.reference = null),
                    Arguments.of("userId", (java.util.function.Consumer<Row>) r -> r.userId = null),
                    Arguments.of("requestedBy", (java.util.function.Consumer<Row>) r -> r.requestedBy = null),
                    Arguments.of("status", (java.util.function.Consumer<Row>) r -> r.status = null),
                    Arguments.of("requestedAt", (java.util.function.Consumer<Row>) r -> r.requestedAt = null));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("requiredFields")
        void aRequestNeedsItsIdentityStatusAndSubmissionTime(String field, java.util.function.Consumer<Row> removal) {
            Row row = Row.of(DsarStatus.PENDING);
            removal.accept(row);

            assertThatNullPointerException().isThrownBy(row::build).withMessage(field);
        }

        @Test
        void aRowReadBackFromStorageKeepsEveryField() {
            Row row = Row.of(DsarStatus.COMPLETED);
            row.startedAt = CLAIMED_AT;
            row.attempts = 2;
            row.lastError = "db down";
            row.downloadCount = 3;
            row.lastDownloadedAt = COMPLETED_AT.plusSeconds(9);
            row.version = 17;

            DsarRequest request = row.build();

            assertThat(request.attempts()).isEqualTo(2);
            assertThat(request.lastError()).isEqualTo("db down");
            assertThat(request.downloadCount()).isEqualTo(3);
            assertThat(request.version()).isEqualTo(17);
            assertThat(moved(request.expire(POLICY, LATE)).version()).isEqualTo(18);
            assertThat(moved(request.expire(POLICY, LATE)).downloadCount()).isEqualTo(3);
        }
    }
}
