package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseTest {

    private static final Instant EXPIRY = Instant.parse("2026-01-01T00:05:00Z");
    private final Lease lease = new Lease("worker-1", EXPIRY);

    @Test
    void aLeaseIsStillRunningOneNanosecondBeforeItsExpiry() {
        assertThat(lease.hasExpired(EXPIRY.minusNanos(1))).isFalse();
        assertThat(lease.hasExpired(EXPIRY.minusSeconds(300))).isFalse();
    }

    @Test
    void aLeaseHasExpiredExactlyAtItsExpiryInstant() {
        assertThat(lease.hasExpired(EXPIRY)).isTrue();
    }

    @Test
    void aLeaseHasExpiredAfterItsExpiryInstant() {
        assertThat(lease.hasExpired(EXPIRY.plusNanos(1))).isTrue();
        assertThat(lease.hasExpired(EXPIRY.plusSeconds(86_400))).isTrue();
    }

    @Test
    void aLeaseIsHeldOnlyByItsOwner() {
        assertThat(lease.isHeldBy("worker-1")).isTrue();
        assertThat(lease.isHeldBy("worker-2")).isFalse();
        assertThat(lease.isHeldBy("WORKER-1")).isFalse();
        assertThat(lease.isHeldBy("worker-1 ")).isFalse();
        assertThat(lease.isHeldBy(null)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void aLeaseNeedsAnOwner(String owner) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Lease(owner, EXPIRY));
    }

    @Test
    void aLeaseNeedsAnExpiry() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Lease("worker-1", null));
    }
}
