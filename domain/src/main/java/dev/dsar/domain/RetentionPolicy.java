package dev.dsar.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How long exports are kept. A completed export expires at {@code completedAt + retention}: from that very
 * instant on it is no longer downloadable. Partial files of failed exports go after {@code failedRetention}.
 */
public record RetentionPolicy(Duration retention, Duration failedRetention) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_FAILED_RETENTION = Duration.ofHours(1);

    public RetentionPolicy {
        requirePositive(retention, "retention");
        requirePositive(failedRetention, "failed export retention");
    }

    public static RetentionPolicy defaults() {
        return new RetentionPolicy(DEFAULT_RETENTION, DEFAULT_FAILED_RETENTION);
    }

    public static RetentionPolicy ofDays(long days) {
        return new RetentionPolicy(Duration.ofDays(days), DEFAULT_FAILED_RETENTION);
    }

    public RetentionPolicy withRetention(Duration newRetention) {
        return new RetentionPolicy(newRetention, failedRetention);
    }

    public Instant expiresAt(Instant completedAt) {
        return completedAt.plus(retention);
    }

    public boolean isExpired(Instant completedAt, Instant now) {
        return !now.isBefore(expiresAt(completedAt));
    }

    /** Exports completed at or before this instant are expired at {@code now}. */
    public Instant expiryCutoff(Instant now) {
        return now.minus(retention);
    }

    /** Failed exports that failed at or before this instant have outlived {@code failedRetention}. */
    public Instant failedCutoff(Instant now) {
        return now.minus(failedRetention);
    }

    /** Whether what a failed export left behind may go: from {@code failedAt + failedRetention} on. */
    public boolean isFailedExportDue(Instant failedAt, Instant now) {
        return !now.isBefore(failedAt.plus(failedRetention));
    }

    /** Whole days of retention, as shown to data subjects and operators (a sub-day retention shows 0). */
    public long retentionDays() {
        return retention.toDays();
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be a positive duration");
        }
    }
}
