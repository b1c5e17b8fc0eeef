package dev.dsar.adapters.http.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The one way this service builds a cache: Caffeine, each entry expiring at an instant its value names (an
 * export's expiry, a token's {@code exp}), time read from the service's {@link Clock} so that tests move it.
 */
public final class ExpiringCaches {

    private ExpiringCaches() {
    }

    /**
     * A builder whose entries expire at {@code expiresAt(value)}, with statistics for the metrics. Maintenance
     * (eviction, expiry) runs on the calling thread: it is a few map operations, and no pool thread is needed.
     */
    public static <K, V> Caffeine<K, V> expiringAt(Clock clock, Function<? super V, Instant> expiresAt) {
        return Caffeine.newBuilder()
                .ticker(ticker(clock))
                .executor(Runnable::run)
                .recordStats()
                .expireAfter(Expiry.writing((K key, V value) -> until(clock, expiresAt.apply(value))));
    }

    /** Nanoseconds since the epoch by the clock (good until 2262). */
    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /** From now to the instant, never negative; Caffeine caps what is too long to count in nanoseconds. */
    static Duration until(Clock clock, Instant expiresAt) {
        Duration left = Duration.between(clock.instant(), expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
