package dev.dsar.adapters.metrics;

import dev.dsar.application.port.out.WebhookMetricsPort;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Notifications as Prometheus sees them: {@code dsar_webhooks_{delivered,retried,dead}_total} and
 * {@code dsar_webhook_delivery_lag_seconds} (from the event to its acknowledgement, a histogram with its maximum).
 */
public final class WebhookMetricsMicrometerAdapter implements WebhookMetricsPort {

    private final Counter delivered;
    private final Counter retried;
    private final Counter dead;
    private final Timer lag;

    public WebhookMetricsMicrometerAdapter(MeterRegistry registry) {
        delivered = Counter.builder("dsar.webhooks.delivered").description("Webhook events acknowledged by every endpoint")
                .register(registry);
        retried = Counter.builder("dsar.webhooks.retried")
                .description("Webhook delivery attempts that failed and were scheduled again").register(registry);
        dead = Counter.builder("dsar.webhooks.dead")
                .description("Webhook events given up after the retry horizon").register(registry);
        lag = Timer.builder("dsar.webhook.delivery.lag").publishPercentileHistogram()
                .description("Time from an event to its acknowledgement").register(registry);
    }

    @Override
    public void delivered(Duration lag) {
        delivered.increment();
        this.lag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    @Override
    public void retried() {
        retried.increment();
    }

    @Override
    public void dead() {
        dead.increment();
    }
}
