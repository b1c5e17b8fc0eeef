package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.testing.InProcessInstances;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.application.port.in.ExportNowOutcome;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.service.RecoverAbandonedExports.Recovery;
import dev.dsar.bootstrap.testing.DemoData;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.Actor;
import dev.dsar.domain.ReferenceId;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Instances whose clocks disagree by hours, on one database: export leases and the cleanup lock are written and
 * compared on the database's clock, so a host ahead steals nothing alive and a host behind is not held off by
 * what has run out. Leases are planted and run out with SQL on that clock, which no test can move.
 */
class ClockSkewIT {

    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    @RegisterExtension
    static final InProcessInstances instances = new InProcessInstances(db);

    static final Duration SKEW = Duration.ofHours(3);

    @BeforeAll
    static void insertTheDemoData() {
        DemoData.insert(db);
    }

    /** An instance whose clock is {@code skew} away from the true time (and so from the database's). */
    private Components instance(String id, Duration skew) {
        return instances.open(Map.of("DSAR_INSTANCE_ID", id),
                new MutableClock(Instant.now().plus(skew)));
    }

    /** A request in processing under {@code owner}'s lease, which has {@code leaseLeft} to run on the database's clock. */
    private static ReferenceId processing(String reference, String owner, Duration leaseLeft) {
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, attempts,"
                + " version, started_at, lease_owner, lease_expires_at) VALUES (" + DemoData.ALICE + ", '" + reference
                + "', 'processing', 'operator:cli', clock_timestamp(), 1, 1, clock_timestamp(), '" + owner + "',"
                + " clock_timestamp() + interval '" + leaseLeft.toMillis() + " milliseconds')");
        return new ReferenceId(reference);
    }

    private static Row row(String sql) {
        return instances.pool().query(sql).execute().await().iterator().next();
    }

    private static Instant databaseNow() {
        return row("SELECT clock_timestamp() AS t").getOffsetDateTime("t").toInstant();
    }

    private static Row request(ReferenceId reference) {
        return row("SELECT * FROM dsar_requests WHERE gdpr_reference_id = '" + reference + "'");
    }

    // ---- export leases --------------------------------------------------------------------------------------

    @Test
    void anInstanceWhoseClockRunsHoursAheadTakesOverNoLiveLease() {
        ReferenceId live = processing("GDPR-LIVE", "instance-a", Duration.ofMinutes(2));
        Components ahead = instance("instance-ahead", SKEW);

        Recovery recovered = ahead.recoverAbandoned().recover(Actor.system("instance-ahead")).await();
        ExportNowOutcome onDemand = ahead.generateExport().exportNow(live).await();

        assertThat(recovered).isEqualTo(new Recovery(0, 0));
        assertThat(onDemand).isInstanceOfSatisfying(ExportNowOutcome.NotExportable.class,
                refused -> assertThat(refused.reason()).isEqualTo(ExportNowOutcome.Reason.IN_PROGRESS));
        Row row = request(live);
        assertThat(row.getString("status")).isEqualTo("processing");
        assertThat(row.getString("lease_owner")).isEqualTo("instance-a");
        assertThat(row.getLong("version")).isEqualTo(1);
    }

    @Test
    void anInstanceWhoseClockRunsHoursBehindRecoversAnExpiredLeaseAndClaimsOnTheDatabasesClock() {
        ReferenceId abandoned = processing("GDPR-ABANDONED", "crashed-instance", Duration.ofMillis(-1));
        Components behind = instance("instance-behind", SKEW.negated());

        Recovery recovered = behind.recoverAbandoned().recover(Actor.system("instance-behind")).await();
        Instant beforeClaim = databaseNow();
        behind.generateExport().startNext().await().orElseThrow().outcome().await();
        Instant afterExport = databaseNow();

        assertThat(recovered).isEqualTo(new Recovery(1, 0));
        Row row = request(abandoned);
        assertThat(row.getString("status")).isEqualTo("completed");
        assertThat(row.getInteger("attempts")).isEqualTo(2);
        // The claim's time, and with it the lease's start, is the database's, not three hours ago.
        assertThat(row.getOffsetDateTime("started_at").toInstant()).isBetween(beforeClaim, afterExport);
    }

    // ---- the cleanup lock and the runs table ----------------------------------------------------------------

    @Test
    void theCleanupLockIsNeitherStolenByAClockAheadNorWithheldFromAClockBehind() {
        db.execute("INSERT INTO dsar_cleanup_lock (name, holder, instance_id, acquired_at, expires_at) VALUES"
                + " ('cleanup', 'instance-z#1', 'instance-z', clock_timestamp(), clock_timestamp() + interval '2 minutes')");
        Components ahead = instance("instance-ahead", SKEW);
        Components behind = instance("instance-behind", SKEW.negated());

        CleanupOutcome whileHeld = ahead.runCleanup().run(RunCleanupCommand.scheduled()).await();
        db.execute("UPDATE dsar_cleanup_lock SET expires_at = clock_timestamp() - interval '1 millisecond'");
        CleanupOutcome onceRunOut = behind.runCleanup().run(RunCleanupCommand.scheduled()).await();

        assertThat(whileHeld).isInstanceOf(CleanupOutcome.Busy.class);
        assertThat(((CleanupOutcome.Busy) whileHeld).reason()).contains("instance-z");
        assertThat(onceRunOut).isInstanceOf(CleanupOutcome.Ran.class);
        assertThat(row("SELECT count(*) AS n FROM dsar_cleanup_runs").getLong("n")).isOne();
    }

    @Test
    void runsRecordedByInstancesWithSkewedClocksNeverOverlapInTheRunsTable() {
        List<Components> instances = List.of(instance("instance-true", Duration.ZERO),
                instance("instance-behind", SKEW.negated()), instance("instance-ahead", SKEW));

        for (int round = 0; round < 2; round++) {
            for (Components instance : instances) {
                assertThat(instance.runCleanup().run(RunCleanupCommand.scheduled()).await())
                        .isInstanceOf(CleanupOutcome.Ran.class);
            }
        }

        assertThat(row("SELECT count(*) AS n FROM dsar_cleanup_runs WHERE finished_at IS NOT NULL").getLong("n"))
                .isEqualTo(6);
        assertThat(row("SELECT count(*) AS n FROM dsar_cleanup_runs a JOIN dsar_cleanup_runs b ON a.id < b.id"
                + " AND (b.started_at < a.finished_at OR a.finished_at < a.started_at)").getLong("n"))
                .as("runs overlapping an earlier one, or ending before they start").isZero();
    }
}
