package dev.dsar.adapters.http;

import dev.dsar.application.port.in.AdminRequestView;
import dev.dsar.application.port.out.LoadAuditTrailPort.AuditEntry;
import dev.dsar.domain.CleanupRun;
import io.vertx.core.json.JsonObject;

/** The JSON shapes of the admin views (contract §7.2): a request with its operational fields, an event, a run. */
final class AdminJson {

    private AdminJson() {
    }

    /** The request object of the subject's API, plus what operators need. */
    static JsonObject request(AdminRequestView view) {
        return ExportJson.request(view.request())
                .put("user_id", view.request().userId().value())
                .put("requested_by", view.requestedBy().code())
                .put("attempts", view.attempts())
                .put("last_error", view.lastError().orElse(null))
                .put("download_count", view.downloadCount())
                .put("last_downloaded_at", view.lastDownloadedAt().map(ExportJson::iso).orElse(null))
                .put("overdue", view.overdue());
    }

    static JsonObject event(AuditEntry entry) {
        return new JsonObject()
                .put("action", entry.action())
                .put("actor", entry.actor())
                .put("occurred_at", ExportJson.iso(entry.at()))
                .put("details", new JsonObject(entry.details().json()));
    }

    /** The contract's keys first; {@code duration_ms} and {@code finished_at} are null while a run is open. */
    static JsonObject run(CleanupRun run) {
        boolean finished = run.finishedAt().isPresent();
        JsonObject json = new JsonObject()
                .put("started_at", ExportJson.iso(run.startedAt()))
                .put("finished_at", run.finishedAt().map(ExportJson::iso).orElse(null))
                .put("dry_run", run.report().dryRun())
                .put("checked", run.report().checked())
                .put("files_deleted", run.report().filesDeleted())
                .put("bytes_freed", run.report().bytesFreed())
                .put("errors", run.report().errors())
                .put("duration_ms", finished ? run.report().durationMs() : null)
                .put("instance_id", run.instanceId())
                .put("trigger", run.trigger().code())
                .put("actor", run.actor().map(actor -> actor.code()).orElse(null))
                .put("abandoned", run.abandoned());
        JsonObject report = CleanupJson.report(run.report());
        for (String more : new String[] {"failed_files_deleted", "orphans_deleted", "stale_requeued", "stale_failed",
                "audit_events_purged", "retention_days", "error"}) {
            json.put(more, report.getValue(more));
        }
        return json;
    }
}
