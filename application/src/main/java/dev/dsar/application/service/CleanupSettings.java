package dev.dsar.application.service;

import dev.dsar.domain.RetentionPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How cleanup runs on this instance: the retention in force, the orphan grace, the optional audit retention
 * (empty: audit events are kept for ever), and this instance's name in the lock and in the run records.
 */
public record CleanupSettings(RetentionPolicy retention, Duration orphanGrace, Optional<Duration> auditRetention,
                              String instanceId) {

    public CleanupSettings {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(orphanGrace, "orphanGrace");
        Objects.requireNonNull(auditRetention, "auditRetention");
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("an instance has a name");
        }
    }
}
