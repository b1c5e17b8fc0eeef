package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.dsar.domain.StoredFilePolicy.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoredFilePolicyTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);
    private static final StoredFilePolicy POLICY = new StoredFilePolicy(RetentionPolicy.defaults(), GRACE);
    private static final ReferenceId REF = new ReferenceId("GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static final ExportFileName ZIP = ExportFileName.of(REF, Instant.parse("2026-05-01T00:00:00Z"));
    private static final ExportFileName PART = ZIP.asTemporary();
    private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(10));
    private static final Instant JUST_NOW = NOW.minusSeconds(1);

    private static DsarRequest owner(DsarStatus status, Instant failedAt) {
        Instant requestedAt = NOW.minus(Duration.ofDays(20));
        return switch (status) {
            case PENDING -> DsarRequest.submit(REF, new UserId(1), Actor.operator(), requestedAt);
            case PROCESSING -> new DsarRequest(REF, new UserId(1), Actor.operator(), status, requestedAt, requestedAt,
                    null, null, null, 1, null, new Lease("worker", NOW.plusSeconds(60)), null, null, null, null, 0,
                    null, 1);
            case FAILED -> new DsarRequest(REF, new UserId(1), Actor.operator(), status, requestedAt, requestedAt,
                    null, failedAt, null, 1, null, null, null, null, null, "boom", 0, null, 2);
            case COMPLETED -> new DsarRequest(REF, new UserId(1), Actor.operator(), status, requestedAt, requestedAt,
                    requestedAt, null, null, 1, null, null, "/x/" + ZIP.fileName(), 1L, "0".repeat(64), null, 0,
                    null, 2);
            case EXPIRED -> new DsarRequest(REF, new UserId(1), Actor.operator(), status, requestedAt, requestedAt,
                    requestedAt, null, requestedAt, 1, null, null, null, 1L, "0".repeat(64), null, 0, null, 3);
        };
    }

    private static Verdict judge(ExportFileName name, Instant modifiedAt, boolean referenced, DsarRequest owner) {
        return POLICY.judge(name, modifiedAt, referenced, Optional.ofNullable(owner), NOW);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFileARequestPointsAtIsKeptHoweverOld(boolean temporary) {
        ExportFileName name = temporary ? PART : ZIP;

        assertThat(judge(name, LONG_AGO, true, null)).isEqualTo(Verdict.KEEP);
        assertThat(judge(name, LONG_AGO, true, owner(DsarStatus.FAILED, LONG_AGO))).isEqualTo(Verdict.KEEP);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFileOfAProcessingRequestIsNeverTouched(boolean temporary) {
        ExportFileName name = temporary ? PART : ZIP;

        assertThat(judge(name, LONG_AGO, false, owner(DsarStatus.PROCESSING, null))).isEqualTo(Verdict.KEEP);
    }

    @Test
    void aPartialFileOfAFailedRequestGoesExactlyWhenTheFailedRetentionEnds() {
        Instant failedAt = NOW.minus(RetentionPolicy.DEFAULT_FAILED_RETENTION);

        assertThat(judge(PART, JUST_NOW, false, owner(DsarStatus.FAILED, failedAt)))
                .isEqualTo(Verdict.DELETE_FAILED_EXPORT_FILE);
        assertThat(judge(PART, LONG_AGO, false, owner(DsarStatus.FAILED, failedAt.plusNanos(1))))
                .as("not before, even if the file itself is old").isEqualTo(Verdict.KEEP);
    }

    @Test
    void aFinishedFileOfAFailedRequestThatNoRowPointsAtIsAnOrphan() {
        assertThat(judge(ZIP, LONG_AGO, false, owner(DsarStatus.FAILED, NOW))).isEqualTo(Verdict.DELETE_ORPHAN);
        assertThat(judge(ZIP, JUST_NOW, false, owner(DsarStatus.FAILED, LONG_AGO))).isEqualTo(Verdict.KEEP);
    }

    @ParameterizedTest
    @EnumSource(value = DsarStatus.class, names = {"PENDING", "COMPLETED", "EXPIRED"})
    void aFileOfARequestInAnotherStateThatDoesNotPointAtItIsAnOrphan(DsarStatus status) {
        assertThat(judge(ZIP, LONG_AGO, false, owner(status, null))).isEqualTo(Verdict.DELETE_ORPHAN);
        assertThat(judge(PART, LONG_AGO, false, owner(status, null))).isEqualTo(Verdict.DELETE_ORPHAN);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFileKnownToNoRequestGoesExactlyWhenItsGraceEnds(boolean temporary) {
        ExportFileName name = temporary ? PART : ZIP;

        assertThat(judge(name, NOW.minus(GRACE), false, null)).isEqualTo(Verdict.DELETE_ORPHAN);
        assertThat(judge(name, NOW.minus(GRACE).plusNanos(1), false, null)).isEqualTo(Verdict.KEEP);
    }

    @Test
    void aFileModifiedInTheFutureIsNeverPastItsGrace() {
        assertThat(judge(ZIP, NOW.plus(Duration.ofDays(1)), false, null)).isEqualTo(Verdict.KEEP);
    }

    @Test
    void theOwnerMustBeTheRequestTheNameCarries() {
        DsarRequest other = DsarRequest.submit(new ReferenceId("GDPR-OTHER"), new UserId(1), Actor.operator(), NOW);

        assertThatIllegalArgumentException().isThrownBy(() -> judge(ZIP, LONG_AGO, false, other));
    }

    @Test
    void theGraceIsAPositiveDuration() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StoredFilePolicy(RetentionPolicy.defaults(), Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new StoredFilePolicy(RetentionPolicy.defaults(), null));
    }
}
