package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bin/dsar cleanup} and {@code bin/dsar stats}, in process, against a real database and directory. */
class CleanupCliIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static final Instant NOW = Instant.parse("2026-05-04T03:02:01Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static int nextUser = 1;

    @TempDir
    Path temp;

    private Path exports;
    private Map<String, String> env;

    @BeforeEach
    void environment() throws IOException {
        db.execute("TRUNCATE dsar_requests, dsar_audit_events, dsar_cleanup_runs, dsar_cleanup_lock");
        exports = Files.createDirectories(temp.resolve("exports")).toRealPath();
        env = new HashMap<>(Map.of("DSAR_DATABASE_URL", db.uri(), "EXPORT_STORAGE_PATH", exports.toString(),
                "DSAR_INSTANCE_ID", "cli-test"));
    }

    private static Instant runStartedAt() {
        try (java.sql.Connection connection = dev.dsar.adapters.persistence.testing.TestPostgres.connect(db.location());
             java.sql.ResultSet row = connection.createStatement().executeQuery(
                     "SELECT started_at FROM dsar_cleanup_runs")) {
            row.next();
            return row.getObject(1, java.time.OffsetDateTime.class).toInstant();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private CliRun dsar(String... args) {
        return CliRun.run(env, CLOCK, args);
    }

    /** A completed export, {@code age} old, with its file of {@code bytes} on disk. */
    private Path completed(String reference, Duration age, int bytes) throws IOException {
        Instant completedAt = NOW.minus(age);
        String name = ExportFileName.of(new ReferenceId(reference), completedAt).fileName();
        Path file = exports.resolve(name);
        Files.write(file, new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(completedAt));
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, attempts,"
                + " version, started_at, completed_at, export_storage_path, export_bytes_size, export_sha256) VALUES ("
                + (nextUser++) + ", '" + reference + "', 'completed', 'subject:1', '" + completedAt + "', 1, 2, '"
                + completedAt + "', '" + completedAt + "', '" + file + "', " + bytes + ", '" + "a".repeat(64) + "')");
        return file;
    }

    @Test
    void cleanupPrintsTheSummaryLineThenTheDetailAndTheStorageBeforeAndAfter() throws IOException {
        Path expired = completed("GDPR-CLI-OLD", Duration.ofDays(31), 100);
        Path kept = completed("GDPR-CLI-NEW", Duration.ofDays(1), 20);

        CliRun run = dsar("cleanup");

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("DSAR cleanup: checked=1, files_deleted=1, retention_days=30");
        assertThat(lines.get(1)).contains("dry_run=false", "bytes_freed=100", "orphans_deleted=0", "errors=0");
        assertThat(lines.get(2)).contains("storage before: total_files=2, total_bytes=120");
        assertThat(lines.get(3)).contains("storage after:  total_files=1, total_bytes=20",
                "oldest_file=" + NOW.minus(Duration.ofDays(1)), "newest_file=" + NOW.minus(Duration.ofDays(1)));
        assertThat(run.err()).isEmpty();
        assertThat(expired).doesNotExist();
        assertThat(kept).exists();
    }

    @Test
    void aDryRunCountsWhatWouldGoAndDeletesNothing() throws IOException {
        Path expired = completed("GDPR-CLI-DRY", Duration.ofDays(31), 100);

        CliRun run = dsar("cleanup", "--dry-run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst()).contains("DSAR cleanup: checked=1, files_deleted=1, retention_days=30");
        assertThat(run.out()).contains("dry_run=true");
        assertThat(expired).exists();
        assertThat(dsar("cleanup", "--dry-run").out().lines().findFirst())
                .contains("DSAR cleanup: checked=1, files_deleted=1, retention_days=30");
    }

    @Test
    void aRetentionGivenOnTheCommandLineAppliesToThatRunOnly() throws IOException {
        Path tenDaysOld = completed("GDPR-CLI-TEN", Duration.ofDays(10), 5);

        CliRun normal = dsar("cleanup");
        CliRun shorter = dsar("cleanup", "--retention-days", "7");

        assertThat(normal.out().lines().findFirst()).contains("DSAR cleanup: checked=0, files_deleted=0, retention_days=30");
        assertThat(shorter.out().lines().findFirst()).contains("DSAR cleanup: checked=1, files_deleted=1, retention_days=7");
        assertThat(tenDaysOld).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "36501", "99999999999"})
    void aRetentionThatIsNotAWholeNumberOfDaysIsRefusedWithOneLine(String days) {
        CliRun run = dsar("cleanup", "--retention-days", days);

        assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .contains("--retention-days must be a whole number of days from 1 to 36500");
    }

    @Test
    void whileAnotherInstanceHoldsTheLockCleanupFailsNamingIt() throws IOException {
        db.execute("INSERT INTO dsar_cleanup_lock (name, holder, instance_id, acquired_at, expires_at) VALUES"
                + " ('cleanup', 'instance-z#1', 'instance-z', clock_timestamp() - interval '10 seconds',"
                + " clock_timestamp() + interval '100 seconds')");
        Path expired = completed("GDPR-CLI-LOCKED", Duration.ofDays(31), 1);

        CliRun run = dsar("cleanup");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().startsWith("dsar: cleanup not run:").contains("instance-z");
        assertThat(expired).exists();
    }

    @Test
    void errorsMetOnSingleRowsAreReportedButTheCycleStillSucceeds() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.zip"), "keep");
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, attempts,"
                + " version, started_at, completed_at, export_storage_path, export_bytes_size, export_sha256) VALUES ("
                + (nextUser++) + ", 'GDPR-CLI-OUT', 'completed', 'subject:1', '" + NOW.minus(Duration.ofDays(40))
                + "', 1, 2, '" + NOW.minus(Duration.ofDays(40)) + "', '" + NOW.minus(Duration.ofDays(40)) + "', '"
                + outside + "', 4, '" + "a".repeat(64) + "')");

        CliRun run = dsar("cleanup");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst()).contains("DSAR cleanup: checked=1, files_deleted=0, retention_days=30");
        assertThat(run.out()).contains("errors=1", "error: export GDPR-CLI-OUT: refused: stored path is outside the export directory");
        assertThat(run.err()).contains("dsar: warning: cleanup met 1 error(s)");
        assertThat(outside).hasContent("keep");
    }

    @Test
    void statsPrintsTheStorageAndTheCleanupTotalsAsJson() throws IOException {
        completed("GDPR-CLI-STATS-OLD", Duration.ofDays(31), 100);
        completed("GDPR-CLI-STATS-NEW", Duration.ofDays(2), 30);
        dsar("cleanup");

        CliRun run = dsar("stats");

        assertThat(run.exitCode()).isZero();
        JsonObject json = run.json();
        assertThat(json.getBoolean("ok")).isTrue();
        assertThat(json.getJsonObject("storage")).isEqualTo(new JsonObject().put("total_files", 1).put("total_bytes", 30)
                .put("oldest_file", NOW.minus(Duration.ofDays(2)).toString())
                .put("newest_file", NOW.minus(Duration.ofDays(2)).toString()));
        JsonObject cleanup = json.getJsonObject("cleanup");
        assertThat(cleanup.getLong("total_cycles")).isEqualTo(1);
        assertThat(cleanup.getLong("expired_files_removed")).isEqualTo(1);
        assertThat(cleanup.getLong("bytes_freed")).isEqualTo(100);
        // When the cycle took the lock, on the database's clock.
        assertThat(Instant.parse(cleanup.getString("last_run")))
                .isEqualTo(runStartedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(cleanup.getValue("last_error")).isNull();
        assertThat(cleanup.fieldNames()).contains("failed_files_removed", "orphaned_files_removed", "last_duration_ms");
    }

    @Test
    void statsOfAnEmptyDirectoryHasNoOldestOrNewestFile() {
        CliRun run = dsar("stats");

        assertThat(run.json().getJsonObject("storage")).isEqualTo(new JsonObject().put("total_files", 0)
                .put("total_bytes", 0).putNull("oldest_file").putNull("newest_file"));
    }

    @Test
    void statsStillShowsTheStorageButFailsNamingTheDatabaseWhenTheCleanupTotalsCannotBeRead() {
        env.put("DSAR_DATABASE_URL", "postgresql://postgres:hunter2@127.0.0.1:1/nowhere");

        CliRun run = dsar("stats");

        assertThat(run.exitCode()).isEqualTo(DsarCli.FAILED);
        assertThat(run.json().getBoolean("ok")).isFalse();
        assertThat(run.json().getString("error")).startsWith("cleanup statistics unavailable: DSAR_DATABASE_URL: ");
        assertThat(run.json().getJsonObject("storage").getLong("total_files")).isZero();
        assertThat(run.json().getValue("cleanup")).isNull();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("dsar: cleanup statistics unavailable: DSAR_DATABASE_URL: cannot reach postgres@127.0.0.1:1/nowhere")
                .doesNotContain("hunter2");
    }
}
