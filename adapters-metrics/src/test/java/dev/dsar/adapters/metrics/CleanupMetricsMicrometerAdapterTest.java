package dev.dsar.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.domain.CleanupReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CleanupMetricsMicrometerAdapterTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CleanupMetricsMicrometerAdapter metrics = new CleanupMetricsMicrometerAdapter(registry);

    private static CleanupReport report(long expired, long failed, long orphans, long bytes, long errors, long ms) {
        return new CleanupReport(expired, expired, bytes, failed, orphans, 0, 0, 0, errors, false, 30, ms, Optional.empty());
    }

    @Test
    void beforeAnyCycleEveryMeterIsScrapedAtZero() {
        String scrape = registry.scrape();

        assertThat(scrape).contains("dsar_cleanup_files_deleted_total{category=\"expired\"} 0.0",
                "dsar_cleanup_files_deleted_total{category=\"failed\"} 0.0",
                "dsar_cleanup_files_deleted_total{category=\"orphan\"} 0.0",
                "dsar_cleanup_bytes_freed_total 0.0", "dsar_cleanup_errors_total 0.0",
                "dsar_cleanup_last_success_timestamp_seconds 0.0", "dsar_cleanup_cycle_duration_seconds_count 0");
    }

    @Test
    void completedCyclesAddUpByCategoryAndSetTheLastSuccess() {
        metrics.cycleCompleted(report(3, 1, 2, 600, 1, 1500), Instant.ofEpochSecond(1_800_000_000L));
        metrics.cycleCompleted(report(1, 0, 0, 100, 0, 500), Instant.ofEpochSecond(1_800_003_600L));

        String scrape = registry.scrape();

        assertThat(scrape).contains("dsar_cleanup_files_deleted_total{category=\"expired\"} 4.0",
                "dsar_cleanup_files_deleted_total{category=\"failed\"} 1.0",
                "dsar_cleanup_files_deleted_total{category=\"orphan\"} 2.0",
                "dsar_cleanup_bytes_freed_total 700.0", "dsar_cleanup_errors_total 1.0",
                "dsar_cleanup_cycles_total{outcome=\"completed\"} 2.0",
                "dsar_cleanup_last_success_timestamp_seconds 1.8000036E9",
                "dsar_cleanup_cycle_duration_seconds_count 2", "dsar_cleanup_cycle_duration_seconds_sum 2.0");
    }

    @Test
    void aFailedCycleCountsWhatItDidAndAnErrorButLeavesTheLastSuccessAlone() {
        metrics.cycleFailed(report(2, 0, 0, 200, 1, 100));
        metrics.cycleSkipped();

        String scrape = registry.scrape();

        assertThat(scrape).contains("dsar_cleanup_files_deleted_total{category=\"expired\"} 2.0",
                "dsar_cleanup_errors_total 1.0", "dsar_cleanup_cycles_total{outcome=\"failed\"} 1.0",
                "dsar_cleanup_cycles_total{outcome=\"skipped\"} 1.0",
                "dsar_cleanup_last_success_timestamp_seconds 0.0");
    }
}
