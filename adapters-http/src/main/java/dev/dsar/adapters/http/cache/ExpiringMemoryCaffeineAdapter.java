package dev.dsar.adapters.http.cache;

import com.github.benmanes.caffeine.cache.Cache;
import dev.dsar.application.port.out.ExpiringMemoryPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.time.Instant;

/**
 * {@link ExpiringMemoryPort} in Caffeine: at most {@code maximumSize} entries, the least useful evicted first
 * (W-TinyLFU), each gone at its own expiry. Hits and misses are counted under {@code cache.gets{cache=name}}.
 */
public final class ExpiringMemoryCaffeineAdapter<K, V> implements ExpiringMemoryPort<K, V> {

    private record Held<V>(V value, Instant expiresAt) {
    }

    private final Cache<K, Held<V>> cache;

    public ExpiringMemoryCaffeineAdapter(String name, long maximumSize, Clock clock, MeterRegistry registry) {
        this.cache = ExpiringCaches.<K, Held<V>>expiringAt(clock, Held::expiresAt).maximumSize(maximumSize).build();
        CaffeineCacheMetrics.monitor(registry, cache, name);
    }

    @Override
    public V recall(K key) {
        Held<V> held = cache.getIfPresent(key);
        return held == null ? null : held.value();
    }

    @Override
    public void remember(K key, V value, Instant expiresAt) {
        cache.put(key, new Held<>(value, expiresAt));
    }

    @Override
    public void forget(K key) {
        cache.invalidate(key);
    }

    /** Entries held, after pending maintenance (for tests). */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
