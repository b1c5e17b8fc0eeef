package dev.dsar.adapters.metrics;

import dev.dsar.domain.CleanupReport;
import dev.dsar.application.port.out.CleanupMetricsPort;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cleanup's meters, scraped at {@code /metrics}:
 * <ul>
 *   <li>{@code dsar_cleanup_files_deleted_total{category="expired|failed|orphan"}}
 *   <li>{@code dsar_cleanup_bytes_freed_total}
 *   <li>{@code dsar_cleanup_errors_total} (files or rows a cycle could not handle, and cycles that stopped on a fault)
 *   <li>{@code dsar_cleanup_cycles_total{outcome="completed|failed|skipped"}}
 *   <li>{@code dsar_cleanup_cycle_duration_seconds} (a timer: count, sum, max)
 *   <li>{@code dsar_cleanup_last_success_timestamp_seconds}: when a cycle of this instance last ran to its end
 *       (0 until one has); alert on its age.
 * </ul>
 */
public final class CleanupMetricsMicrometerAdapter implements CleanupMetricsPort {

    private final Counter expiredDeleted;
    private final Counter failedDeleted;
    private final Counter orphansDeleted;
    private final Counter bytesFreed;
    private final Counter errors;
    private final Counter completed;
    private final Counter failed;
    private final Counter skipped;
    private final Timer duration;
    private final AtomicLong lastSuccessSeconds = new AtomicLong();

    public CleanupMetricsMicrometerAdapter(MeterRegistry registry) {
        expiredDeleted = filesDeleted(registry, "expired");
        failedDeleted = filesDeleted(registry, "failed");
        orphansDeleted = filesDeleted(registry, "orphan");
        bytesFreed = Counter.builder("dsar.cleanup.bytes.freed")
                .description("Bytes of export files deleted by cleanup").register(registry);
        errors = Counter.builder("dsar.cleanup.errors")
                .description("Files or rows cleanup could not handle, and cycles stopped by a fault").register(registry);
        completed = cycles(registry, "completed");
        failed = cycles(registry, "failed");
        skipped = cycles(registry, "skipped");
        duration = Timer.builder("dsar.cleanup.cycle.duration").description("Wall time of cleanup cycles")
                .register(registry);
        Gauge.builder("dsar.cleanup.last.success.timestamp.seconds", lastSuccessSeconds, AtomicLong::doubleValue)
                .description("Unix time at which a cleanup cycle of this instance last ran to its end")
                .register(registry);
    }

    private static Counter filesDeleted(MeterRegistry registry, String category) {
        return Counter.builder("dsar.cleanup.files.deleted").tag("category", category)
                .description("Export files deleted by cleanup").register(registry);
    }

    private static Counter cycles(MeterRegistry registry, String outcome) {
        return Counter.builder("dsar.cleanup.cycles").tag("outcome", outcome)
                .description("Cleanup cycles by outcome").register(registry);
    }

    @Override
    public void cycleCompleted(CleanupReport report, Instant finishedAt) {
        count(report);
        completed.increment();
        lastSuccessSeconds.set(finishedAt.getEpochSecond());
    }

    @Override
    public void cycleFailed(CleanupReport soFar) {
        count(soFar);
        failed.increment();
    }

    private void count(CleanupReport report) {
        expiredDeleted.increment(report.filesDeleted());
        failedDeleted.increment(report.failedFilesDeleted());
        orphansDeleted.increment(report.orphansDeleted());
        bytesFreed.increment(report.bytesFreed());
        errors.increment(report.errors());
        duration.record(Duration.ofMillis(report.durationMs()));
    }

    @Override
    public void cycleSkipped() {
        skipped.increment();
    }
}
