package dev.dsar.application.port.out;

import java.time.Instant;

/**
 * A bounded memory of values, each kept until an instant at most. It may forget anything at any time (a cache):
 * a caller always knows how to do without what it recalls.
 */
public interface ExpiringMemoryPort<K, V> {

    /** What is remembered for the key, or null. */
    V recall(K key);

    /** Remembers the value until {@code expiresAt} at most. */
    void remember(K key, V value, Instant expiresAt);

    void forget(K key);
}
