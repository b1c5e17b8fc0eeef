package dev.dsar.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExportMetricsMicrometerAdapterTest {

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ExportMetricsMicrometerAdapter metrics = new ExportMetricsMicrometerAdapter(registry);

    @Test
    void outcomesAreCountedTimedAndTheRunningOnesGauged() {
        metrics.exportStarted();
        metrics.exportStarted();
        metrics.exportStarted();
        metrics.exportCompleted(Duration.ofSeconds(2), 4096, 10);
        metrics.exportFailed(Duration.ofSeconds(1));

        String scrape = registry.scrape();

        assertThat(scrape).contains("dsar_exports_started_total 3.0", "dsar_exports_completed_total 1.0",
                "dsar_exports_failed_total 1.0", "dsar_exports_retried_total 0.0", "dsar_exports_abandoned_total 0.0",
                "dsar_exports_in_progress 1.0", "dsar_export_bytes_total 4096.0", "dsar_export_records_total 10.0",
                "dsar_export_duration_seconds_count{outcome=\"completed\"} 1",
                "dsar_export_duration_seconds_sum{outcome=\"completed\"} 2.0");
    }
}
