package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} runs cleanup by itself, shortly after start and then periodically. */
class ServeCleanupIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    private static final Instant COMPLETED_AT = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;

    @Test
    void theServiceDeletesAnExpiredExportOnItsOwnSchedule() throws Exception {
        Path exports = Files.createDirectories(temp.resolve("exports")).toRealPath();
        Path file = exports.resolve(ExportFileName.of(new ReferenceId("GDPR-SERVE"), COMPLETED_AT).fileName());
        Files.write(file, new byte[10]);
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, attempts,"
                + " version, started_at, completed_at, export_storage_path, export_bytes_size, export_sha256) VALUES"
                + " (1, 'GDPR-SERVE', 'completed', 'subject:1', '" + COMPLETED_AT + "', 1, 2, '" + COMPLETED_AT + "', '"
                + COMPLETED_AT + "', '" + file + "', 10, '" + "a".repeat(64) + "')");
        DsarConfig config = DsarConfig.from(Map.of("DSAR_DATABASE_URL", db.uri(), "EXPORT_STORAGE_PATH", exports.toString(),
                "DSAR_HTTP_HOST", "127.0.0.1", "DSAR_HTTP_PORT", "0", "DSAR_JWT_SECRET", "s".repeat(32),
                "DSAR_CLEANUP_INTERVAL", "PT1S"));
        Clock pastRetention = Clock.fixed(COMPLETED_AT.plus(Duration.ofDays(31)), ZoneOffset.UTC);

        DsarService service = DsarService.start(config, pastRetention);
        try {
            // Waits for the timer's cycle to have happened; the bound only stops a broken build from hanging.
            long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Files.exists(file) && System.nanoTime() < giveUpAt) {
                Thread.sleep(50);
            }
            assertThat(file).doesNotExist();
        } finally {
            service.stop();
        }
    }
}
