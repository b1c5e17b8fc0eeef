package dev.dsar.adapters.http.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The API's own meters, registered once so that counting on the request path is a plain increment. */
public final class HttpMetrics {

    /** How a download request ended. */
    public enum DownloadOutcome { SENT, PARTIAL, HEAD, NOT_FOUND, NOT_READY, EXPIRED, FILE_MISSING, RANGE_NOT_SATISFIABLE }

    private final Map<DownloadOutcome, Counter> downloads = new EnumMap<>(DownloadOutcome.class);
    private final Counter requestsBySubject;
    private final Counter requestsByAdmin;
    private final Counter bytesSent;

    public HttpMetrics(MeterRegistry registry) {
        for (DownloadOutcome outcome : DownloadOutcome.values()) {
            downloads.put(outcome, Counter.builder("dsar_downloads")
                    .description("Download requests by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        requestsBySubject = requestsCreated(registry, "subject");
        requestsByAdmin = requestsCreated(registry, "admin");
        bytesSent = Counter.builder("dsar_download_bytes").baseUnit("bytes")
                .description("Bytes of export files sent").register(registry);
    }

    private static Counter requestsCreated(MeterRegistry registry, String by) {
        // Not "…_created": Prometheus reserves that suffix for counters' creation times.
        return Counter.builder("dsar_export_requests").description("DSAR requests created through the API")
                .tag("by", by).register(registry);
    }

    public void download(DownloadOutcome outcome) {
        downloads.get(outcome).increment();
    }

    public void bytesSent(long bytes) {
        bytesSent.increment(bytes);
    }

    public void requestCreated(boolean byAdmin) {
        (byAdmin ? requestsByAdmin : requestsBySubject).increment();
    }
}
