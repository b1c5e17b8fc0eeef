package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.cli.DsarCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} killed with SIGKILL (no shutdown hook runs) in the middle of an export and in the middle of a
 * cleanup cycle: nothing is left under a final export name that is not a whole export, and a new instance on
 * the same database and directory finishes the work. Leases (2 minutes) are run out by hand after the kill,
 * setting their expiry to the database's {@code now()}, so the figures measure recovery rather than the wait;
 * {@code -Ddsar.faults.realLeases=true} waits for them instead (minutes, for measuring, not for CI).
 */
class KillNineIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    private static final long BIG_USER = 77;
    private static final int BIG_ROWS = 300_000;
    private static final int EXPIRED = 10_000;
    private static final int RECENT = 50;
    private static final boolean REAL_LEASES = Boolean.getBoolean("dsar.faults.realLeases");
    private static final Duration RECOVERY = REAL_LEASES ? Duration.ofMinutes(4) : Duration.ofSeconds(120);

    @TempDir
    Path exports;

    @TempDir
    Path logs;

    private Sql sql() {
        return new Sql(db.location());
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DSAR_DATABASE_URL", db.uri(),
                "EXPORT_STORAGE_PATH", exports.toString()));
        env.putAll(extra);
        return env;
    }

    @Test
    void killedMidExportLeavesNoFinalFileAndTheNextInstanceCompletesTheExport() throws Exception {
        // About 90 MB of JSON: the export writes for seconds, long enough to be killed in the middle.
        db.execute("INSERT INTO users (id, email, display_name, created_at) VALUES (" + BIG_USER
                + ", 'big@example.org', 'Big', now());"
                + " INSERT INTO audit_logs (user_id, action, ip, details, created_at)"
                + " SELECT " + BIG_USER + ", 'action-' || i, '198.51.100.' || (i % 256),"
                + " jsonb_build_object('request_id', md5(i::text), 'agent', 'Mozilla/5.0 (X11; Linux x86_64)', 'n', i),"
                + " now() FROM generate_series(1, " + BIG_ROWS + ") i");
        String reference = "GDPR-KILLED-MID-EXPORT";
        Map<String, String> env = env(Map.of("CLEANUP_ENABLED", "false"));

        Path partial;
        long partialBytes;
        try (ServeProcess first = ServeProcess.start(env, logs, "killed-exporter")) {
            cli(env, "request", "--user-id", Long.toString(BIG_USER), "--reference", reference);
            partial = Deadline.awaitValue(Duration.ofSeconds(60), "a partial export of at least 512 KiB", () ->
                    ExportDirectoryCheck.list(exports).stream().filter(file -> file.toString().endsWith(".zip.part")
                            && ExportDirectoryCheck.size(file) >= 512 * 1024).findFirst());
            first.kill9();
            partialBytes = ExportDirectoryCheck.size(partial);
        }

        ExportDirectoryCheck.Contents afterKill = ExportDirectoryCheck.everyFinalFileIsAWholeExport(exports, sql());
        assertThat(afterKill.finalFiles()).as("no final export name after the kill").isEmpty();
        assertThat(status(reference)).as("the killed export is still leased").isEqualTo("processing");

        runOutExportLeases();
        long restart = System.nanoTime();
        try (ServeProcess second = ServeProcess.start(env, logs, "recovering-exporter")) {
            long listening = Deadline.millisSince(restart);
            Deadline.await(RECOVERY, "the export completed by the new instance",
                    () -> "completed".equals(status(reference)));
            long recovered = Deadline.millisSince(restart);

            ExportDirectoryCheck.Contents afterRecovery = ExportDirectoryCheck.everyFinalFileIsAWholeExport(exports, sql());
            assertThat(afterRecovery.finalFiles()).hasSize(1);
            Map<String, String> row = sql().rows("SELECT attempts, lease_owner FROM dsar_requests"
                    + " WHERE gdpr_reference_id = '" + reference + "'").get(0);
            assertThat(row.get("attempts")).as("the killed attempt and the one that completed").isEqualTo("2");
            assertThat(events(reference, "export_requeued")).isOne();
            assertThat(events(reference, "export_completed")).isOne();
            assertThat(second.terminate()).as(second.log()).isZero();
            System.out.printf("kill -9 mid-export: killed at %d bytes of .part; restart to listening %d ms, restart to"
                            + " export completed %d ms (%s); partial files left after recovery:"
                            + " %d%n", partialBytes, listening, recovered, leases(), afterRecovery.partialFiles().size());
        }
    }

    @Test
    void killedMidCleanupLosesNoFileAndTheNextCycleDeletesEachExpiredFileOnce() throws Exception {
        byte[] zip = smallZip();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        plant("KILLCLEAN-EXPIRED", EXPIRED, "40 days", zip, sha256);
        plant("KILLCLEAN-RECENT", RECENT, "1 day", zip, sha256);
        Map<String, String> env = env(Map.of("CLEANUP_ENABLED", "true", "DSAR_CLEANUP_INTERVAL", "PT1S",
                "DSAR_EXPORT_WORKER_ENABLED", "false"));

        long remainingAtKill;
        try (ServeProcess first = ServeProcess.start(env, logs, "killed-cleaner")) {
            remainingAtKill = Deadline.awaitValue(Duration.ofSeconds(60), "the first expired file deleted", () -> {
                long left = ExportDirectoryCheck.list(exports).size();
                return left < EXPIRED + RECENT ? java.util.Optional.of(left) : java.util.Optional.empty();
            });
            first.kill9();
        }

        ExportDirectoryCheck.Contents afterKill = ExportDirectoryCheck.everyFinalFileIsAWholeExport(exports, sql());
        long expiredLeft = afterKill.finalFiles().stream().filter(file -> file.toString().contains("EXPIRED")).count();
        assertThat(expiredLeft).as("the kill landed in the middle of the cycle").isBetween(1L, EXPIRED - 1L);
        assertThat(afterKill.finalFiles().stream().filter(file -> file.toString().contains("RECENT"))).hasSize(RECENT);
        long recorded = sql().count("SELECT count(*) FROM dsar_requests WHERE file_deleted_at IS NOT NULL");
        long unrecorded = EXPIRED - expiredLeft - recorded;
        assertThat(sql().count("SELECT count(*) FROM dsar_requests WHERE file_deleted_at IS NOT NULL"
                + " AND export_storage_path IS NOT NULL")).isZero();
        long openRuns = sql().count("SELECT count(*) FROM dsar_cleanup_runs WHERE finished_at IS NULL");

        if (!REAL_LEASES) {
            sql().execute("UPDATE dsar_cleanup_lock SET expires_at = now() - interval '1 second'");
        }
        long restart = System.nanoTime();
        try (ServeProcess second = ServeProcess.start(env, logs, "recovering-cleaner")) {
            Deadline.await(RECOVERY, "every expired file deleted and recorded", () ->
                    sql().count("SELECT count(*) FROM dsar_requests WHERE status = 'completed'"
                            + " AND gdpr_reference_id LIKE 'GDPR-KILLCLEAN-EXPIRED-%'") == 0);
            long recovered = Deadline.millisSince(restart);

            ExportDirectoryCheck.Contents after = ExportDirectoryCheck.everyFinalFileIsAWholeExport(exports, sql());
            assertThat(after.finalFiles()).as("only the exports within retention are left")
                    .allMatch(file -> file.toString().contains("RECENT")).hasSize(RECENT);
            assertThat(sql().rows("SELECT gdpr_reference_id, count(*) AS n FROM dsar_audit_events"
                    + " WHERE action = 'file_deleted' GROUP BY gdpr_reference_id HAVING count(*) <> 1"))
                    .as("references whose file deletion was recorded more than once").isEmpty();
            assertThat(sql().count("SELECT count(DISTINCT gdpr_reference_id) FROM dsar_audit_events"
                    + " WHERE action = 'file_deleted' AND gdpr_reference_id LIKE 'GDPR-KILLCLEAN-EXPIRED-%'"))
                    .isEqualTo(EXPIRED);
            assertThat(sql().count("SELECT count(*) FROM dsar_audit_events WHERE action = 'file_deleted'"
                    + " AND gdpr_reference_id LIKE 'GDPR-KILLCLEAN-RECENT-%'")).as("wrong deletions").isZero();
            long counted = sql().count("SELECT coalesce(sum(expired_files_deleted), 0) FROM dsar_cleanup_runs");
            assertThat(second.terminate()).as(second.log()).isZero();
            System.out.printf("kill -9 mid-cleanup: %d of %d expired files left at the kill, %d deletions recorded, %d"
                            + " deleted but not yet recorded, %d run rows left open; restart to every file deleted %d ms"
                            + " (%s); cycles' counts sum to %d of %d deletions%n",
                    expiredLeft, EXPIRED, recorded, unrecorded, openRuns, recovered, leases(), counted, EXPIRED);
        }
    }

    private void plant(String prefix, int count, String age, byte[] zip, String sha256) throws IOException {
        String stamp = "20260101_000000";
        sql().execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at,"
                + " started_at, completed_at, attempts, export_storage_path, export_bytes_size, export_sha256)"
                + " SELECT 100000 + i, 'GDPR-" + prefix + "-' || i, 'completed', 'subject:' || (100000 + i),"
                + " now() - interval '" + age + "', now() - interval '" + age + "', now() - interval '" + age + "', 1,"
                + " '" + exports + "/dsar_GDPR-" + prefix + "-' || i || '_" + stamp + ".zip', " + zip.length + ", '"
                + sha256 + "' FROM generate_series(1, " + count + ") i");
        for (int i = 1; i <= count; i++) {
            Files.write(exports.resolve("dsar_GDPR-" + prefix + "-" + i + "_" + stamp + ".zip"), zip);
        }
    }

    private static byte[] smallZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("dsar-planted/meta.json"));
            zip.write("{\"planted\":true}\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** What two minutes without renewal would do: every lease of a processing export has run out. */
    private void runOutExportLeases() {
        if (REAL_LEASES) {
            return;
        }
        sql().execute("UPDATE dsar_requests SET lease_expires_at = now() - interval '1 second' WHERE status = 'processing'");
    }

    private static String leases() {
        return REAL_LEASES ? "waiting for the lease to run out" : "lease run out by hand";
    }

    private String status(String reference) {
        List<Map<String, String>> rows = sql().rows("SELECT status FROM dsar_requests WHERE gdpr_reference_id = '"
                + reference + "'");
        return rows.isEmpty() ? null : rows.get(0).get("status");
    }

    private long events(String reference, String action) {
        return sql().count("SELECT count(*) FROM dsar_audit_events WHERE gdpr_reference_id = '" + reference
                + "' AND action = '" + action + "'");
    }

    private static void cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DsarCli.run(args, new HashMap<>(env), new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());
        assertThat(code).as("dsar %s: %s", String.join(" ", args), err).isZero();
    }
}
