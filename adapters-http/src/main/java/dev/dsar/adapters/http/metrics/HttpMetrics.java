package dev.dsar.adapters.http.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API's own meters, registered once so that counting on the request path is a plain increment.
 *
 * <p>HTTP server meters are kept here rather than taken from Vert.x's Micrometer integration: that one builds
 * tags and looks meters up on every request and every socket read, which cost more than half of the
 * throughput of small downloads (docs/performance.md). These are looked up in a map keyed by route, method and
 * status, then incremented.
 */
public final class HttpMetrics {

    /** How a download request ended. */
    public enum DownloadOutcome { SENT, PARTIAL, HEAD, INTERRUPTED, NOT_FOUND, NOT_READY, EXPIRED, FILE_MISSING, RANGE_NOT_SATISFIABLE, NOT_MODIFIED, REDIRECTED }

    /** What became of a signed download link: issued, refused (not downloadable), accepted or rejected on use. */
    public enum LinkOutcome { ISSUED, REFUSED, ACCEPTED, REJECTED }

    private final Map<DownloadOutcome, Counter> downloads = new EnumMap<>(DownloadOutcome.class);
    private final Map<LinkOutcome, Counter> links = new EnumMap<>(LinkOutcome.class);
    private final Counter requestsBySubject;
    private final Counter requestsByAdmin;
    private final Counter bytesSent;
    private final Counter databaseUnavailable;
    private final MeterRegistry registry;
    private final ConcurrentMap<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final AtomicLong active = new AtomicLong();

    private record RequestKey(String route, HttpMethod method, int status) {
    }

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("dsar_http_server_active_requests", active, AtomicLong::get)
                .description("HTTP requests being processed").register(registry);
        for (DownloadOutcome outcome : DownloadOutcome.values()) {
            downloads.put(outcome, Counter.builder("dsar_downloads")
                    .description("Download requests by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        for (LinkOutcome outcome : LinkOutcome.values()) {
            links.put(outcome, Counter.builder("dsar_download_links")
                    .description("Signed download links by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        requestsBySubject = requestsCreated(registry, "subject");
        requestsByAdmin = requestsCreated(registry, "admin");
        bytesSent = Counter.builder("dsar_download_bytes").baseUnit("bytes")
                .description("Bytes of export files sent").register(registry);
        databaseUnavailable = Counter.builder("dsar_http_database_unavailable")
                .description("Requests answered 503 because a database could not be reached").register(registry);
    }

    private static Counter requestsCreated(MeterRegistry registry, String by) {
        // Not "…_created": Prometheus reserves that suffix for counters' creation times.
        return Counter.builder("dsar_export_requests").description("DSAR requests created through the API")
                .tag("by", by).register(registry);
    }

    /** First handler of the router: times every routed request by route template, method and status. */
    public Handler<RoutingContext> observer() {
        return ctx -> {
            long start = System.nanoTime();
            active.incrementAndGet();
            ctx.addEndHandler(ended -> {
                active.decrementAndGet();
                Route route = ctx.currentRoute();
                String template = route == null || route.getPath() == null ? "unmatched" : route.getPath();
                RequestKey key = new RequestKey(template, ctx.request().method(), ctx.response().getStatusCode());
                requests.computeIfAbsent(key, this::timer).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            });
            ctx.next();
        };
    }

    private Timer timer(RequestKey key) {
        return Timer.builder("dsar_http_server_requests")
                .description("HTTP requests by route template, method and status, with their duration")
                .tag("route", key.route())
                .tag("method", key.method().name())
                .tag("status", Integer.toString(key.status()))
                .register(registry);
    }

    public void link(LinkOutcome outcome) {
        links.get(outcome).increment();
    }

    public void download(DownloadOutcome outcome) {
        downloads.get(outcome).increment();
    }

    public void bytesSent(long bytes) {
        bytesSent.increment(bytes);
    }

    public void databaseUnavailable() {
        databaseUnavailable.increment();
    }

    public void requestCreated(boolean byAdmin) {
        (byAdmin ? requestsByAdmin : requestsBySubject).increment();
    }
}
