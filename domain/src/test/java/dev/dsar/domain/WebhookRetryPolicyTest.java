package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookRetryPolicyTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    final WebhookRetryPolicy policy = WebhookRetryPolicy.defaults();

    @Test
    void waitsGrowFromSecondsToHours() {
        Duration previous = Duration.ZERO;
        for (int attempts = 1; attempts <= WebhookRetryPolicy.WAITS.length; attempts++) {
            Duration wait = policy.waitAfter(attempts, 0.5);
            assertThat(wait).isGreaterThan(previous);
            previous = wait;
        }
        assertThat(policy.waitAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.waitAfter(100, 0.5)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void jitterStretchesOrShortensAWaitByAtMostAFifth() {
        assertThat(policy.waitAfter(2, 0)).isEqualTo(Duration.ofSeconds(24));
        assertThat(policy.waitAfter(2, 0.999_999)).isBetween(Duration.ofSeconds(35), Duration.ofSeconds(36));
    }

    @Test
    void retriesGoOnUntilTheHorizonThenTheEventIsDead() {
        assertThat(policy.nextAttempt(T0, 1, T0, 0.5)).contains(T0.plusSeconds(5));
        assertThat(policy.nextAttempt(T0, 12, T0.plus(Duration.ofHours(23)), 0.5))
                .contains(T0.plus(Duration.ofHours(29)));
        assertThat(policy.nextAttempt(T0, 13, T0.plus(Duration.ofHours(24)), 0.5)).isEmpty();
    }

    @Test
    void theHorizonIsNeverShorterThanADay() {
        assertThatThrownBy(() -> new WebhookRetryPolicy(Duration.ofHours(23))).isInstanceOf(IllegalArgumentException.class);
    }
}
