package dev.dsar.application.fakes;

import dev.dsar.application.port.out.ExpiringMemoryPort;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An unbounded memory that forgets at each entry's expiry by the given clock: the port's promise, no more. */
public final class InMemoryExpiringMemory<K, V> implements ExpiringMemoryPort<K, V> {

    private record Held<V>(V value, Instant expiresAt) {
    }

    private final Map<K, Held<V>> held = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryExpiringMemory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public V recall(K key) {
        Held<V> entry = held.get(key);
        return entry == null || !clock.instant().isBefore(entry.expiresAt()) ? null : entry.value();
    }

    @Override
    public void remember(K key, V value, Instant expiresAt) {
        held.put(key, new Held<>(value, expiresAt));
    }

    @Override
    public void forget(K key) {
        held.remove(key);
    }
}
