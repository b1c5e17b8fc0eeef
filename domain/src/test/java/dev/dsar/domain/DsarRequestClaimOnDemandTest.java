package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DsarRequestClaimOnDemandTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(2);
    static final UserId OWNER = new UserId(42);

    static DsarRequest pending() {
        return DsarRequest.submit(new ReferenceId("GDPR-ON-DEMAND"), OWNER, Actor.subject(OWNER), T0);
    }

    @Test
    void aRetryScheduledLaterIsClaimedAtOnceOnDemandAndTheAttemptCounts() {
        DsarRequest processing = pending().claim("w1", T0, LEASE).request();
        DsarRequest waiting = processing.retryLater("w1", "db down", T0, T0.plusSeconds(600)).request();

        DsarRequest claimed = waiting.claimOnDemand("cli", T0.plusSeconds(1), LEASE).request();

        assertThat(waiting.claim("cli", T0.plusSeconds(1), LEASE).moved()).isFalse();
        assertThat(claimed.status()).isEqualTo(DsarStatus.PROCESSING);
        assertThat(claimed.attempts()).isEqualTo(2);
        assertThat(claimed.nextAttemptAt()).isNull();
        assertThat(claimed.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(claimed.lease()).isEqualTo(new Lease("cli", T0.plusSeconds(1).plus(LEASE)));
        assertThat(claimed.version()).isEqualTo(waiting.version() + 1);
    }

    @ParameterizedTest
    @EnumSource(value = DsarStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
    void onlyPendingRequestsAreClaimedOnDemand(DsarStatus status) {
        DsarRequest processing = pending().claim("w1", T0, LEASE).request();
        DsarRequest request = switch (status) {
            case PROCESSING -> processing;
            case COMPLETED, EXPIRED -> {
                DsarRequest completed = processing.complete("w1", new ExportArtifact(
                        "/x/dsar_GDPR-ON-DEMAND_20260101_000000.zip", 1, "0".repeat(64)), T0).request();
                yield status == DsarStatus.COMPLETED ? completed
                        : completed.expire(RetentionPolicy.defaults(), T0.plus(Duration.ofDays(31))).request();
            }
            case FAILED -> processing.fail("w1", "broken", T0).request();
            case PENDING -> throw new AssertionError();
        };

        Transition transition = request.claimOnDemand("cli", T0.plusSeconds(5), LEASE);

        assertThat(transition).isEqualTo(new Transition.Refused(status, "claim", "only pending requests are claimed"));
    }
}
