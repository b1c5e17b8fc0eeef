package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionPolicyTest {

    private static final Instant COMPLETED_AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2026-01-31T00:00:00Z");
    private final RetentionPolicy policy = RetentionPolicy.defaults();

    @Test
    void defaultsKeepExportsThirtyDaysAndFailedPartsOneHour() {
        assertThat(policy.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.failedRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.retentionDays()).isEqualTo(30);
        assertThat(RetentionPolicy.DEFAULT_RETENTION).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionPolicy.DEFAULT_FAILED_RETENTION).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void ofDaysSetsTheRetentionAndKeepsTheDefaultFailedRetention() {
        RetentionPolicy sevenDays = RetentionPolicy.ofDays(7);

        assertThat(sevenDays.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(sevenDays.failedRetention()).isEqualTo(RetentionPolicy.DEFAULT_FAILED_RETENTION);
        assertThat(sevenDays.retentionDays()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -30})
    void ofDaysRefusesZeroAndNegativeDays(long days) {
        assertThatIllegalArgumentException().isThrownBy(() -> RetentionPolicy.ofDays(days));
    }

    @Test
    void withRetentionChangesOnlyTheRetention() {
        RetentionPolicy custom = new RetentionPolicy(Duration.ofDays(10), Duration.ofMinutes(5));

        RetentionPolicy changed = custom.withRetention(Duration.ofDays(2));

        assertThat(changed.retention()).isEqualTo(Duration.ofDays(2));
        assertThat(changed.failedRetention()).isEqualTo(Duration.ofMinutes(5));
        assertThat(custom.retention()).isEqualTo(Duration.ofDays(10));
    }

    static Stream<Duration> notPositive() {
        return Stream.of(null, Duration.ZERO, Duration.ofNanos(-1), Duration.ofDays(-30));
    }

    @ParameterizedTest
    @MethodSource("notPositive")
    void theRetentionMustBePositive(Duration retention) {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetentionPolicy(retention, Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> policy.withRetention(retention));
    }

    @ParameterizedTest
    @MethodSource("notPositive")
    void theFailedRetentionMustBePositive(Duration failedRetention) {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetentionPolicy(Duration.ofDays(30), failedRetention));
    }

    @Test
    void theSmallestPositiveRetentionIsAccepted() {
        RetentionPolicy tiny = new RetentionPolicy(Duration.ofNanos(1), Duration.ofNanos(1));

        assertThat(tiny.expiresAt(COMPLETED_AT)).isEqualTo(COMPLETED_AT.plusNanos(1));
    }

    @Test
    void anExportExpiresAtItsCompletionPlusTheRetention() {
        assertThat(policy.expiresAt(COMPLETED_AT)).isEqualTo(EXPIRY);
        assertThat(RetentionPolicy.ofDays(1).expiresAt(COMPLETED_AT)).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Test
    void aCompletedExportIsNotExpiredOneNanosecondBeforeItsExpiryInstant() {
        assertThat(policy.isExpired(COMPLETED_AT, EXPIRY.minusNanos(1))).isFalse();
    }

    @Test
    void aCompletedExportIsExpiredExactlyAtItsExpiryInstant() {
        assertThat(policy.isExpired(COMPLETED_AT, EXPIRY)).isTrue();
    }

    @Test
    void aCompletedExportIsExpiredAfterItsExpiryInstant() {
        assertThat(policy.isExpired(COMPLETED_AT, EXPIRY.plusNanos(1))).isTrue();
        assertThat(policy.isExpired(COMPLETED_AT, EXPIRY.plus(Duration.ofDays(365)))).isTrue();
    }

    @Test
    void aJustCompletedExportIsNotExpired() {
        assertThat(policy.isExpired(COMPLETED_AT, COMPLETED_AT)).isFalse();
        assertThat(policy.isExpired(COMPLETED_AT, COMPLETED_AT.minusSeconds(1))).isFalse();
    }

    @Test
    void theExpiryCutoffIsNowMinusTheRetention() {
        assertThat(policy.expiryCutoff(EXPIRY)).isEqualTo(COMPLETED_AT);
    }

    @Test
    void exportsCompletedAtOrBeforeTheCutoffAreExactlyTheExpiredOnes() {
        Instant now = Instant.parse("2026-06-15T12:34:56.789Z");
        Instant cutoff = policy.expiryCutoff(now);

        assertThat(policy.isExpired(cutoff, now)).isTrue();
        assertThat(policy.isExpired(cutoff.minusNanos(1), now)).isTrue();
        assertThat(policy.isExpired(cutoff.plusNanos(1), now)).isFalse();
    }

    @Test
    void theFailedCutoffIsNowMinusTheFailedRetention() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");

        assertThat(policy.failedCutoff(now)).isEqualTo(Instant.parse("2026-01-01T11:00:00Z"));
        assertThat(new RetentionPolicy(Duration.ofDays(30), Duration.ofMinutes(10)).failedCutoff(now))
                .isEqualTo(Instant.parse("2026-01-01T11:50:00Z"));
    }

    static Stream<Arguments> retentionsAndWholeDays() {
        return Stream.of(
                Arguments.of(Duration.ofHours(1), 0),
                Arguments.of(Duration.ofHours(23).plusMinutes(59), 0),
                Arguments.of(Duration.ofHours(24), 1),
                Arguments.of(Duration.ofHours(36), 1),
                Arguments.of(Duration.ofDays(90), 90));
    }

    @ParameterizedTest
    @MethodSource("retentionsAndWholeDays")
    void retentionDaysCountsWholeDaysOnly(Duration retention, long days) {
        assertThat(new RetentionPolicy(retention, Duration.ofHours(1)).retentionDays()).isEqualTo(days);
    }

    @ParameterizedTest
    @CsvSource({
        "PT1H, 2026-01-01T01:00:00Z",
        "P7D, 2026-01-08T00:00:00Z",
        "P365D, 2027-01-01T00:00:00Z",
    })
    void theExpiryFollowsTheRetentionInForce(Duration retention, Instant expected) {
        RetentionPolicy inForce = policy.withRetention(retention);

        assertThat(inForce.expiresAt(COMPLETED_AT)).isEqualTo(expected);
        assertThat(inForce.isExpired(COMPLETED_AT, expected)).isTrue();
        assertThat(inForce.isExpired(COMPLETED_AT, expected.minusNanos(1))).isFalse();
    }

    @Test
    void whatAFailedExportLeftIsDueExactlyWhenTheFailedRetentionHasPassed() {
        Instant failedAt = Instant.parse("2026-01-01T10:00:00Z");
        Instant due = failedAt.plus(Duration.ofHours(1));

        assertThat(policy.isFailedExportDue(failedAt, due.minusNanos(1))).isFalse();
        assertThat(policy.isFailedExportDue(failedAt, due)).isTrue();
        assertThat(policy.isFailedExportDue(failedAt, due.plusSeconds(1))).isTrue();
        assertThat(policy.failedCutoff(due)).isEqualTo(failedAt);
    }
}
