package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theSecondAttemptComesThirtySecondsAfterTheFirstAndTheThirdTwoMinutesAfterTheSecond() {
        assertThat(RetryPolicy.retryAt(1, NOW)).isEqualTo(NOW.plusSeconds(30));
        assertThat(RetryPolicy.retryAt(2, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    }

    @Test
    void thereIsOneWaitForEachAttemptAfterTheFirst() {
        assertThat(RetryPolicy.BACKOFF).hasSize(DsarRequest.MAX_ATTEMPTS - 1);
    }

    @Test
    void outsideTheScheduleTheNearestWaitApplies() {
        assertThat(RetryPolicy.retryAt(0, NOW)).isEqualTo(NOW.plusSeconds(30));
        assertThat(RetryPolicy.retryAt(-1, NOW)).isEqualTo(NOW.plusSeconds(30));
        for (int attempts = DsarRequest.MAX_ATTEMPTS; attempts <= DsarRequest.MAX_ATTEMPTS + 5; attempts++) {
            assertThat(RetryPolicy.retryAt(attempts, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        }
    }

    @Test
    void theWaitNeverShrinksAsAttemptsAreMade() {
        for (int attempts = 1; attempts < DsarRequest.MAX_ATTEMPTS + 3; attempts++) {
            assertThat(RetryPolicy.backoff(attempts + 1)).isGreaterThanOrEqualTo(RetryPolicy.backoff(attempts));
        }
    }
}
