package dev.dsar.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebhookMetricsMicrometerAdapterTest {

    @Test
    void countsDeliveriesRetriesAndDeadEventsAndRecordsTheLag() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WebhookMetricsMicrometerAdapter metrics = new WebhookMetricsMicrometerAdapter(registry);

        metrics.delivered(Duration.ofSeconds(3));
        metrics.retried();
        metrics.retried();
        metrics.dead();

        assertThat(registry.get("dsar.webhooks.delivered").counter().count()).isEqualTo(1);
        assertThat(registry.get("dsar.webhooks.retried").counter().count()).isEqualTo(2);
        assertThat(registry.get("dsar.webhooks.dead").counter().count()).isEqualTo(1);
        assertThat(registry.get("dsar.webhook.delivery.lag").timer().max(TimeUnit.SECONDS)).isEqualTo(3);
    }
}
