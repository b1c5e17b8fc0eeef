package dev.dsar.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a connection may sit without traffic, how long a client may take to send a request's head, how many
 * connections may be open at once, and whether HTTP/2 is spoken over cleartext (h2c) beside HTTP/1.1.
 */
public record HttpConnectionSettings(Duration idleTimeout, Duration headerTimeout, int maxConnections,
                                     boolean http2Cleartext) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Descriptors kept for everything but client connections: database pools, export files, logs, the JVM's own. */
    static final long RESERVED_DESCRIPTORS = 256;
    static final int MIN_DEFAULT_CONNECTIONS = 64;
    static final int MAX_DEFAULT_CONNECTIONS = 100_000;
    /** Where the process's descriptor limit cannot be read. */
    static final int FALLBACK_CONNECTIONS = 4_096;

    public HttpConnectionSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
    }

    /**
     * The default cap for a process allowed {@code descriptorLimit} open files: half of what is left after the
     * reserve, because a download holds two descriptors (its socket and its file), within [64, 100,000].
     * 1,024 descriptors give 384 connections; 65,536 give 32,640.
     */
    public static int defaultMaxConnections(long descriptorLimit) {
        if (descriptorLimit <= 0) {
            return FALLBACK_CONNECTIONS;
        }
        long connections = (descriptorLimit - RESERVED_DESCRIPTORS) / 2;
        return (int) Math.max(MIN_DEFAULT_CONNECTIONS, Math.min(MAX_DEFAULT_CONNECTIONS, connections));
    }

    /** This process's limit on open files, or -1 where the platform does not say. */
    public static long processDescriptorLimit() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
