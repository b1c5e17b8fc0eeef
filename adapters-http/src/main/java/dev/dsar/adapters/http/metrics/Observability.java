package dev.dsar.adapters.http.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The service's metrics: one Prometheus registry holding Vert.x's own (worker and database pools, JVM) and
 * the {@code dsar_*} meters of the metrics adapters (HTTP server meters included), scraped at
 * {@code GET /metrics}.
 */
public final class Observability {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Options for a Vert.x instance that reports into this registry, with {@link #metricsFactory()}. */
    public VertxOptions withMetrics(VertxOptions options) {
        // HTTP and TCP server meters come from HttpMetrics instead (see there why). The TCP client meters would
        // only describe the database pools' connections, which the pool meters already do.
        Set<String> disabled = EnumSet.of(MetricsDomain.EVENT_BUS, MetricsDomain.DATAGRAM_SOCKET, MetricsDomain.HTTP_CLIENT,
                        MetricsDomain.HTTP_SERVER, MetricsDomain.NET_SERVER, MetricsDomain.NET_CLIENT).stream().map(MetricsDomain::toCategory).collect(Collectors.toSet());
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setDisabledMetricsCategories(disabled)
                // vertx_sql_* by pool (client_namespace="dsar-service", …) rather than one untagged series that
                // only the first pool to register it feeds.
                .addLabels(Label.NAMESPACE);
        return new VertxOptions(options).setMetricsOptions(metrics);
    }

    public VertxMetricsFactory metricsFactory() {
        return new MicrometerMetricsFactory(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * {@code dsar_database_up{database="service|source"}}: 1 while the database answered at the last contact,
     * 0 from the first statement that found it unreachable until one succeeds again.
     */
    public void databaseUp(String database, java.util.function.BooleanSupplier up) {
        io.micrometer.core.instrument.Gauge.builder("dsar_database_up", up, reachable -> reachable.getAsBoolean() ? 1 : 0)
                .description("1 while the database answered at the last contact, 0 while it is unreachable")
                // The supplier is a method reference that nothing else holds: a weak reference would read NaN.
                .strongReference(true)
                .tag("database", database).register(registry);
    }

    /** {@code GET /metrics}: the registry in Prometheus text format. */
    public io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> scrapeHandler() {
        return io.vertx.micrometer.PrometheusScrapingHandler.create(registry);
    }
}
