package dev.dsar.adapters.http;

import dev.dsar.application.port.in.ExportStatusView;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The JSON shapes of the API (contract §4), shared with the command line so that both speak alike. */
public final class ExportJson {

    public static final String DOWNLOAD_PATH = "/api/dsar/download/";

    private ExportJson() {
    }

    /** A request object: {@code download_url} only while downloadable, {@code message} only when expired or failed. */
    public static JsonObject request(ExportStatusView view) {
        JsonObject json = new JsonObject()
                .put("reference_id", view.reference().value())
                .put("status", view.status().code())
                .put("requested_at", iso(view.requestedAt()))
                .put("due_at", iso(view.dueAt()))
                .put("completed_at", view.completedAt().map(ExportJson::iso).orElse(null))
                .put("expires_at", view.expiresAt().map(ExportJson::iso).orElse(null))
                .put("export_bytes_size", view.exportBytes().orElse(null))
                .put("sha256", view.sha256().orElse(null));
        if (view.downloadable()) {
            json.put("download_url", DOWNLOAD_PATH + view.reference().value());
        }
        view.message().ifPresent(message -> json.put("message", message));
        return json;
    }

    /** ISO-8601 UTC, to the millisecond. */
    public static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    public static JsonObject error(String error) {
        return new JsonObject().put("ok", false).put("error", error);
    }
}
