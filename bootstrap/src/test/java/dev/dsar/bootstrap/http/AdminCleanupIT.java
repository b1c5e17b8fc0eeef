package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminCleanupIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    private static final String CLEANUP = "/api/admin/dsar/cleanup";

    @Test
    void dryRunReportsTheExpiredExportAndChangesNothingThenARealCycleDeletesIt() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 2_000);
        String admin = dsar.adminToken(dsar.newUser());
        dsar.clock().advance(Duration.ofDays(31));
        JsonObject dry;
        JsonObject real;
        try {
            dry = ok(dsar.post(CLEANUP, admin, "{\"dry_run\":true}")).getJsonObject("report");
            assertThat(Files.exists(export.file())).isTrue();
            assertThat(dsar.find(export.reference()).orElseThrow().status()).isEqualTo(DsarStatus.COMPLETED);
            real = ok(dsar.post(CLEANUP, admin, "{\"dry_run\":false}")).getJsonObject("report");
        } finally {
            dsar.clock().advance(Duration.ofDays(-31));
        }

        assertThat(dry.fieldNames()).contains("checked", "files_deleted", "bytes_freed", "failed_files_deleted",
                "orphans_deleted", "stale_requeued", "errors", "dry_run", "retention_days", "duration_ms");
        assertThat(dry.getBoolean("dry_run")).isTrue();
        // Other tests of this class may have planted exports that expire with this clock too.
        assertThat(dry.getInteger("files_deleted")).isPositive();
        assertThat(dry.getInteger("retention_days")).isEqualTo(30);
        assertThat(real.getBoolean("dry_run")).isFalse();
        assertThat(real.getInteger("checked")).isEqualTo(dry.getInteger("checked"));
        assertThat(real.getInteger("files_deleted")).isEqualTo(dry.getInteger("files_deleted"));
        assertThat(real.getLong("bytes_freed")).isGreaterThanOrEqualTo(2_000);
        assertThat(real.getInteger("errors")).isZero();
        assertThat(Files.exists(export.file())).isFalse();
        assertThat(dsar.find(export.reference()).orElseThrow().status()).isEqualTo(DsarStatus.EXPIRED);
    }

    @Test
    void statisticsAndStorageAnswerWithTheContractShapes() {
        String admin = dsar.adminToken(dsar.newUser());
        dsar.completedExport(dsar.newUser(), 300);
        ok(dsar.post(CLEANUP, admin, ""));

        JsonObject stats = ok(dsar.get(CLEANUP + "/stats", admin)).getJsonObject("stats");
        JsonObject storage = ok(dsar.get("/api/admin/dsar/storage", admin)).getJsonObject("storage");

        assertThat(stats.fieldNames()).contains("total_cycles", "expired_files_removed", "failed_files_removed",
                "orphaned_files_removed", "bytes_freed", "last_run", "last_duration_ms", "last_error");
        assertThat(stats.getLong("total_cycles")).isPositive();
        assertThat(stats.getString("last_run")).isNotNull();
        assertThat(stats.containsKey("next_run")).as("present, null: this service runs cycles only on demand").isTrue();
        assertThat(stats.getValue("next_run")).isNull();
        assertThat(storage.fieldNames()).contains("total_files", "total_bytes", "oldest_file", "newest_file");
        assertThat(storage.getLong("total_files")).isPositive();
        assertThat(storage.getLong("total_bytes")).isGreaterThanOrEqualTo(300);
        assertThat(storage.getString("newest_file")).isNotNull();
    }

    @Test
    void cycleWhileAnotherInstanceHoldsTheLockIs409() {
        String admin = dsar.adminToken(dsar.newUser());
        dsar.database().execute("INSERT INTO dsar_cleanup_lock (name, holder, instance_id, acquired_at, expires_at)"
                + " VALUES ('cleanup', 'other-holder', 'other-instance', now(), now() + interval '1 day')"
                + " ON CONFLICT (name) DO UPDATE SET holder = 'other-holder', expires_at = now() + interval '1 day'");
        HttpResponse<Buffer> response;
        try {
            response = dsar.post(CLEANUP, admin, "{}");
        } finally {
            dsar.database().execute("DELETE FROM dsar_cleanup_lock");
        }

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.bodyAsJsonObject().getBoolean("ok")).isFalse();
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("Cleanup already in progress");
    }

    @Test
    void badBodiesAndNonAdminsAreRefused() {
        String admin = dsar.adminToken(dsar.newUser());
        String user = dsar.token(dsar.newUser());

        assertThat(dsar.post(CLEANUP, admin, "{\"dry_run\":\"yes\"}").bodyAsJsonObject().getString("error"))
                .isEqualTo("Invalid dry_run");
        assertThat(dsar.post(CLEANUP, admin, "{dry").statusCode()).isEqualTo(400);
        assertThat(dsar.post(CLEANUP, user, "{}").statusCode()).isEqualTo(403);
        assertThat(dsar.get(CLEANUP + "/stats", user).statusCode()).isEqualTo(403);
        assertThat(dsar.get("/api/admin/dsar/storage", user).statusCode()).isEqualTo(403);
        assertThat(dsar.get("/api/admin/dsar/storage", null).statusCode()).isEqualTo(401);
    }

    private static JsonObject ok(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyAsJsonObject().getBoolean("ok")).isTrue();
        return response.bodyAsJsonObject();
    }
}
