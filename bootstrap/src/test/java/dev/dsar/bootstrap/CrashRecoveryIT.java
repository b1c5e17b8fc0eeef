package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.testing.InProcessInstances;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupTotals;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.service.RecoverAbandonedExports.Recovery;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.Actor;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What kill -9 leaves behind, planted as it would be (rows on the database's clock, files on disk), and what the
 * next worker or cycle makes of it: a killed export's partial file goes at once, and only that one; a killed
 * cycle's open run record is closed, marked abandoned, and counted as the audit trail shows.
 */
class CrashRecoveryIT {

    static final PostgresDatabase db = PostgresDatabase.migrated();

    @RegisterExtension
    static final InProcessInstances instances = new InProcessInstances(db);

    /** When the killed attempts started, as stored on their rows: their partial files are named from it. */
    static final Instant STARTED = Instant.parse("2026-06-01T08:00:00Z");

    private Path root;
    private int nextUser = 1;

    @BeforeEach
    void createTheExportDirectory() throws IOException {
        root = Files.createDirectories(instances.exports());
    }

    private Components instance() {
        return instances.open(Map.of("DSAR_INSTANCE_ID", "instance-a"),
                new MutableClock(Instant.now()));
    }

    /** A request in processing since {@code startedAt}, whose lease has {@code leaseLeft} on the database's clock. */
    private void processing(String reference, Instant startedAt, Duration leaseLeft, int attempts) {
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, attempts,"
                + " version, started_at, lease_owner, lease_expires_at) VALUES (" + (nextUser++) + ", '" + reference
                + "', 'processing', 'operator:cli', '" + startedAt + "', " + attempts + ", 1, '" + startedAt + "',"
                + " 'killed-instance', clock_timestamp() + interval '" + leaseLeft.toMillis() + " milliseconds')");
    }

    /** The partial file an attempt of {@code reference} started at {@code startedAt} writes. */
    private Path partial(String reference, Instant startedAt, int bytes) throws IOException {
        Path file = root.resolve(ExportFileName.of(new ReferenceId(reference), startedAt).asTemporary().fileName());
        return Files.write(file, new byte[bytes]);
    }

    private static Row row(String sql) {
        return instances.pool().query(sql).execute().await().iterator().next();
    }

    // ---- a killed export ------------------------------------------------------------------------------------

    @Test
    void theWorkersRecoveryRemovesTheKilledAttemptsPartialFileAtOnceAndNoOtherOne() throws IOException {
        processing("GDPR-KILLED", STARTED, Duration.ofMillis(-1), 1);
        Path killed = partial("GDPR-KILLED", STARTED, 1024 * 1024);
        Path earlierAttempt = partial("GDPR-KILLED", STARTED.minus(Duration.ofMinutes(10)), 10);
        processing("GDPR-ALIVE", STARTED, Duration.ofMinutes(2), 1);
        Path alive = partial("GDPR-ALIVE", STARTED, 20);

        Recovery recovered = instance().recoverAbandoned().recover(Actor.system("instance-a")).await();

        assertThat(recovered).isEqualTo(new Recovery(1, 0));
        assertThat(killed).doesNotExist();
        assertThat(alive).as("another instance's export, still running").exists();
        assertThat(earlierAttempt).as("not this attempt's: an orphan for the directory pass").exists();
        assertThat(row("SELECT status FROM dsar_requests WHERE gdpr_reference_id = 'GDPR-KILLED'").getString(0))
                .isEqualTo("pending");
    }

    @Test
    void aCleanupCycleRemovesTheKilledAttemptsPartialFileWithoutWaitingForTheOrphanGrace() throws IOException {
        processing("GDPR-KILLED-LAST", STARTED, Duration.ofMillis(-1), 3);
        Path killed = partial("GDPR-KILLED-LAST", STARTED, 4096);
        processing("GDPR-ALIVE", STARTED, Duration.ofMinutes(2), 1);
        Path alive = partial("GDPR-ALIVE", STARTED, 20);

        CleanupOutcome outcome = instance().runCleanup().run(RunCleanupCommand.scheduled()).await();

        assertThat(outcome).isInstanceOf(CleanupOutcome.Ran.class);
        assertThat(((CleanupOutcome.Ran) outcome).report().staleFailed()).isOne();
        assertThat(killed).doesNotExist();
        assertThat(alive).exists();
        assertThat(row("SELECT status FROM dsar_requests WHERE gdpr_reference_id = 'GDPR-KILLED-LAST'").getString(0))
                .isEqualTo("failed");
    }

    // ---- a killed cleanup cycle -----------------------------------------------------------------------------

    @Test
    void theNextCycleClosesARunLeftOpenByAKilledCycleAndTheTotalsReconcileWithTheAuditTrail() {
        // Killed after saving one deletion, having deleted three (their events stored with their moves).
        long killedRun = row("INSERT INTO dsar_cleanup_runs (instance_id, trigger, actor, dry_run, retention_seconds,"
                + " started_at, progressed_at, expired_files_deleted, bytes_freed) VALUES ('killed-instance',"
                + " 'schedule', 'system:cleanup', false, 2592000, clock_timestamp() - interval '10 minutes',"
                + " clock_timestamp() - interval '9 minutes', 1, 100) RETURNING id").getLong(0);
        db.execute("INSERT INTO dsar_audit_events (gdpr_reference_id, user_id, action, actor, occurred_at, details)"
                + " SELECT 'GDPR-GONE-' || g, g, 'file_deleted', 'system:cleanup', clock_timestamp(),"
                + " jsonb_build_object('reason', 'retention', 'bytes', 100, 'file_was_present', g <= 3,"
                + " 'cleanup_run', " + killedRun + ") FROM generate_series(1, 4) AS g");
        Components instance = instance();

        CleanupOutcome outcome = instance.runCleanup().run(RunCleanupCommand.scheduled()).await();
        CleanupTotals totals = instance.cleanupStatistics().cycles().await();

        assertThat(outcome).isInstanceOf(CleanupOutcome.Ran.class);
        CleanupReport report = ((CleanupOutcome.Ran) outcome).report();
        assertThat(report.errors()).isZero();
        Row closed = row("SELECT * FROM dsar_cleanup_runs WHERE id = " + killedRun);
        assertThat(closed.getBoolean("abandoned")).isTrue();
        assertThat(closed.getOffsetDateTime("finished_at")).isEqualTo(closed.getOffsetDateTime("progressed_at"));
        assertThat(closed.getInteger("expired_files_deleted")).isEqualTo(3);
        assertThat(closed.getLong("bytes_freed")).isEqualTo(300);
        assertThat(closed.getString("error")).startsWith("abandoned");
        long audited = row("SELECT count(*) FROM dsar_audit_events WHERE action = 'file_deleted'"
                + " AND details ->> 'reason' = 'retention' AND details ->> 'file_was_present' = 'true'").getLong(0);
        assertThat(totals.expiredFilesRemoved()).isEqualTo(audited).isEqualTo(3);
        assertThat(totals.totalCycles()).isEqualTo(2);
        assertThat(row("SELECT count(*) FROM dsar_cleanup_runs WHERE finished_at IS NULL").getLong(0)).isZero();
        assertThat(row("SELECT count(*) FROM dsar_cleanup_runs a JOIN dsar_cleanup_runs b ON a.id < b.id"
                + " AND b.started_at < a.finished_at").getLong(0)).as("overlapping runs").isZero();
    }

    @Test
    void aDryRunLeavesAnOpenRunAsItIs() {
        long killedRun = row("INSERT INTO dsar_cleanup_runs (instance_id, trigger, dry_run, retention_seconds,"
                + " started_at) VALUES ('killed-instance', 'schedule', false, 2592000,"
                + " clock_timestamp() - interval '10 minutes') RETURNING id").getLong(0);

        instance().runCleanup().run(RunCleanupCommand.fromCommandLine(true, java.util.Optional.empty())).await();

        assertThat(row("SELECT abandoned FROM dsar_cleanup_runs WHERE id = " + killedRun).getBoolean(0)).isFalse();
    }
}
