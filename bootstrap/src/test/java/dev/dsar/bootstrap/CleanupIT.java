package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dsar.adapters.metrics.CleanupMetricsMicrometerAdapter;
import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.testing.InProcessInstances;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.adapters.filesystem.ExportArchiveFilesystemAdapter;
import dev.dsar.adapters.filesystem.ExportCleanupFilesystemAdapter;
import dev.dsar.adapters.filesystem.ExportDirectory;
import dev.dsar.adapters.persistence.CleanupPostgresAdapter;
import dev.dsar.adapters.persistence.DsarRequestPostgresAdapter;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupTotals;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.in.RunCleanupUseCase;
import dev.dsar.application.port.out.CleanupLockPort;
import dev.dsar.application.service.CleanupPorts;
import dev.dsar.application.service.CleanupService;
import dev.dsar.application.service.CleanupSettings;
import dev.dsar.application.service.RecoverAbandonedExports;
import dev.dsar.domain.StorageStatistics;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The cleanup use case as {@code serve} and the CLI assemble it: a real PostgreSQL, a real export directory and
 * a clock the tests move. Rows are planted with SQL, files on disk, exactly as a crash or an operator could
 * leave them.
 */
class CleanupIT {

    static final PostgresDatabase db = PostgresDatabase.migrated();

    @RegisterExtension
    static final InProcessInstances instances = new InProcessInstances(db);

    /** Exports completed at T0; the default retention is 30 days, the failed-export retention and grace 1 hour. */
    static final Instant T0 = Instant.parse("2026-02-01T12:00:00Z");
    static final Instant EXPIRY = T0.plus(Duration.ofDays(30));
    static final String SECRET = "do not touch\n";

    @TempDir
    Path temp;

    private Path root;
    private final MutableClock clock = new MutableClock(EXPIRY);
    private Components instanceA;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void freshStateAndInstance() throws IOException {
        root = Files.createDirectories(instances.exports());
        instanceA = instance("instance-a");
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger("dev.dsar.application.service.CleanupService")).addAppender(logs);
    }

    @AfterEach
    void detachTheLogRecorder() {
        ((Logger) LoggerFactory.getLogger("dev.dsar.application.service.CleanupService")).detachAppender(logs);
    }

    private Components instance(String instanceId) {
        return instance(instanceId, Map.of());
    }

    private Components instance(String instanceId, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("DSAR_INSTANCE_ID", instanceId);
        return instances.open(env, clock);
    }

    // ---- planting rows and files ----------------------------------------------------------------------------

    private static String exportName(String reference) {
        return ExportFileName.of(new ReferenceId(reference), T0).fileName();
    }

    private String pathOf(String reference) {
        return root.resolve(exportName(reference)).toString();
    }

    private Path file(String fileName, int bytes, Instant modifiedAt) throws IOException {
        Path file = root.resolve(fileName);
        Files.write(file, new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(modifiedAt));
        return file;
    }

    private static int nextUser = 1;

    private static void insert(String reference, String status, String columns, String values) {
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, attempts,"
                + " version" + columns + ") VALUES (" + (nextUser++) + ", '" + reference + "', '" + status
                + "', 'subject:1', '" + T0.minusSeconds(600) + "', 1, 2" + values + ")");
    }

    private void completed(String reference, Instant completedAt, String storagePath) {
        insert(reference, "completed", ", started_at, completed_at, export_storage_path, export_bytes_size, export_sha256",
                ", '" + T0.minusSeconds(300) + "', '" + completedAt + "', '" + storagePath + "', 10, '" + "a".repeat(64) + "'");
    }

    private void failed(String reference, Instant failedAt, String storagePath) {
        insert(reference, "failed", ", started_at, failed_at, last_error, export_storage_path",
                ", '" + T0.minusSeconds(300) + "', '" + failedAt + "', 'boom', "
                        + (storagePath == null ? "NULL" : "'" + storagePath + "'"));
    }

    /** Leases run on the database's clock: {@code leaseLeft} from its present (negative: ran out that long ago). */
    private void processing(String reference, Duration leaseLeft, int attempts) {
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, attempts,"
                + " version, started_at, lease_owner, lease_expires_at) VALUES (" + (nextUser++) + ", '" + reference
                + "', 'processing', 'subject:1', '" + T0 + "', " + attempts + ", 1, '" + T0 + "', 'worker-x',"
                + " clock_timestamp() + interval '" + leaseLeft.toSeconds() + " seconds')");
    }

    private void expiredRow(String reference) {
        insert(reference, "expired", ", started_at, completed_at, file_deleted_at, export_bytes_size, export_sha256",
                ", '" + T0.minusSeconds(300) + "', '" + T0 + "', '" + EXPIRY + "', 10, '" + "a".repeat(64) + "'");
    }

    private Row row(String reference) {
        return instances.pool().preparedQuery("SELECT * FROM dsar_requests WHERE gdpr_reference_id = $1")
                .execute(Tuple.of(reference)).await().iterator().next();
    }

    private long count(String sql, Object... parameters) {
        return instances.pool().preparedQuery(sql).execute(Tuple.from(parameters)).await().iterator().next().getLong(0);
    }

    private Instant instant(String sql) {
        return instances.pool().query(sql).execute().await().iterator().next().getOffsetDateTime(0).toInstant();
    }

    private long fileDeletedEvents(String reference) {
        return count("SELECT count(*) FROM dsar_audit_events WHERE gdpr_reference_id = $1 AND action = 'file_deleted'",
                reference);
    }

    private CleanupReport cycle(Components instance, RunCleanupCommand command) {
        CleanupOutcome outcome = instance.runCleanup().run(command).await();
        assertThat(outcome).isInstanceOf(CleanupOutcome.Ran.class);
        return ((CleanupOutcome.Ran) outcome).report();
    }

    private CleanupReport cycle() {
        return cycle(instanceA, RunCleanupCommand.scheduled());
    }

    // ---- each category --------------------------------------------------------------------------------------

    @Test
    void oneCycleHandlesEveryCategoryAndLeavesEverythingElseAlone() throws IOException {
        completed("GDPR-EXPIRED", T0, pathOf("GDPR-EXPIRED"));
        Path expiredFile = file(exportName("GDPR-EXPIRED"), 1000, T0);
        completed("GDPR-RECENT", EXPIRY.minus(Duration.ofDays(1)), pathOf("GDPR-RECENT"));
        Path recentFile = file(exportName("GDPR-RECENT"), 20, EXPIRY.minus(Duration.ofDays(1)));
        String failedWithFile = pathOf("GDPR-FAILED-ROW") + ".part";
        failed("GDPR-FAILED-ROW", EXPIRY.minus(Duration.ofHours(2)), failedWithFile);
        file(exportName("GDPR-FAILED-ROW") + ".part", 300, EXPIRY.minus(Duration.ofHours(2)));
        failed("GDPR-FAILED-SCAN", EXPIRY.minus(Duration.ofHours(1)), null);
        Path failedPart = file(exportName("GDPR-FAILED-SCAN") + ".part", 40, EXPIRY);
        failed("GDPR-FAILED-RECENT", EXPIRY.minus(Duration.ofMinutes(59)), null);
        Path recentFailedPart = file(exportName("GDPR-FAILED-RECENT") + ".part", 5, EXPIRY.minus(Duration.ofDays(1)));
        processing("GDPR-WORKING", Duration.ofSeconds(60), 1);
        Path workingPart = file(exportName("GDPR-WORKING") + ".part", 6, T0);
        processing("GDPR-STUCK", Duration.ofSeconds(-1), 1);
        processing("GDPR-STUCK-LAST", Duration.ofSeconds(-1), 3);
        Path oldOrphan = file(exportName("GDPR-ORPHAN-OLD"), 7000, EXPIRY.minus(Duration.ofHours(1)));
        Path youngOrphan = file(exportName("GDPR-ORPHAN-YOUNG"), 8, EXPIRY.minus(Duration.ofMinutes(59)));

        CleanupReport report = cycle();

        assertThat(report.checked()).isEqualTo(1);
        assertThat(report.filesDeleted()).isEqualTo(1);
        assertThat(report.failedFilesDeleted()).isEqualTo(2);
        assertThat(report.orphansDeleted()).isEqualTo(1);
        assertThat(report.bytesFreed()).isEqualTo(1000 + 300 + 40 + 7000);
        assertThat(report.staleRequeued()).isEqualTo(1);
        assertThat(report.staleFailed()).isEqualTo(1);
        assertThat(report.errors()).isZero();
        assertThat(report.firstError()).isEmpty();

        Row expired = row("GDPR-EXPIRED");
        assertThat(expired.getString("status")).isEqualTo("expired");
        assertThat(expired.getString("export_storage_path")).isNull();
        assertThat(expired.getOffsetDateTime("file_deleted_at").toInstant()).isEqualTo(EXPIRY);
        assertThat(fileDeletedEvents("GDPR-EXPIRED")).isOne();
        assertThat(expiredFile).doesNotExist();
        Row failedRow = row("GDPR-FAILED-ROW");
        assertThat(failedRow.getString("status")).isEqualTo("failed");
        assertThat(failedRow.getString("export_storage_path")).isNull();
        assertThat(Path.of(failedWithFile)).doesNotExist();
        assertThat(failedPart).doesNotExist();
        assertThat(oldOrphan).doesNotExist();
        assertThat(row("GDPR-STUCK").getString("status")).isEqualTo("pending");
        assertThat(row("GDPR-STUCK-LAST").getString("status")).isEqualTo("failed");

        assertThat(row("GDPR-RECENT").getString("status")).isEqualTo("completed");
        assertThat(recentFile).exists();
        assertThat(recentFailedPart).exists();
        assertThat(workingPart).exists();
        assertThat(youngOrphan).exists();
        assertThat(row("GDPR-WORKING").getString("status")).isEqualTo("processing");
    }

    @Test
    void anExportIsExpiredFromTheVeryInstantItsRetentionEnds() throws IOException {
        completed("GDPR-AT-EXPIRY", T0, pathOf("GDPR-AT-EXPIRY"));
        file(exportName("GDPR-AT-EXPIRY"), 1, T0);
        completed("GDPR-JUST-BEFORE", T0.plus(1, ChronoUnit.MICROS), pathOf("GDPR-JUST-BEFORE"));
        Path kept = file(exportName("GDPR-JUST-BEFORE"), 1, T0);

        CleanupReport report = cycle();

        assertThat(report.checked()).isEqualTo(1);
        assertThat(row("GDPR-AT-EXPIRY").getString("status")).isEqualTo("expired");
        assertThat(row("GDPR-JUST-BEFORE").getString("status")).isEqualTo("completed");
        assertThat(kept).exists();
    }

    // ---- safety ---------------------------------------------------------------------------------------------

    @Test
    void aSymbolicLinkUnderAnExportNameIsNeverFollowedNorItsTargetTouched() throws IOException {
        Path secret = temp.resolve("secret.zip");
        Files.writeString(secret, SECRET);
        Files.setLastModifiedTime(secret, FileTime.from(T0));
        Path link = Files.createSymbolicLink(root.resolve(exportName("GDPR-LINK-ROW")), secret);
        completed("GDPR-LINK-ROW", T0, link.toString());
        Path orphanLink = Files.createSymbolicLink(root.resolve(exportName("GDPR-LINK-ORPHAN")), secret);

        CleanupReport report = cycle();

        assertThat(report.errors()).isEqualTo(1);
        assertThat(report.firstError()).hasValueSatisfying(error -> assertThat(error).contains("GDPR-LINK-ROW", "not a regular file"));
        assertThat(report.orphansDeleted()).isZero();
        assertThat(Files.readString(secret)).isEqualTo(SECRET);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(orphanLink)).isTrue();
        assertThat(row("GDPR-LINK-ROW").getString("status")).isEqualTo("completed");
    }

    @Test
    void filesWithoutAnExportNameAndSubdirectoriesAreNeverTouched() throws IOException {
        Path notes = file("notes.txt", 3, T0);
        Path lookalike = file("dsar_GDPR-X_2026.zip", 3, T0);
        Path upperCase = file(exportName("GDPR-CASE").toUpperCase(), 3, T0);
        Path directory = Files.createDirectory(root.resolve(exportName("GDPR-DIR")));
        Path nested = Files.write(directory.resolve(exportName("GDPR-NESTED")), new byte[3]);
        Files.setLastModifiedTime(nested, FileTime.from(T0));

        CleanupReport report = cycle();

        assertThat(report.orphansDeleted()).isZero();
        assertThat(report.errors()).isZero();
        assertThat(notes).exists();
        assertThat(lookalike).exists();
        assertThat(upperCase).exists();
        assertThat(nested).exists();
    }

    @Test
    void aRowPointingOutsideTheExportDirectoryIsRefusedLoggedCountedAndLeftAsItIs() throws IOException {
        Path outside = temp.resolve(exportName("GDPR-OUTSIDE"));
        Files.writeString(outside, SECRET);
        completed("GDPR-OUTSIDE", T0, outside.toString());
        completed("GDPR-TRAVERSAL", T0, root + "/../" + exportName("GDPR-OUTSIDE"));
        completed("GDPR-FINE", T0, pathOf("GDPR-FINE"));
        file(exportName("GDPR-FINE"), 1, T0);

        CleanupReport report = cycle();

        assertThat(report.checked()).isEqualTo(3);
        assertThat(report.filesDeleted()).isEqualTo(1);
        assertThat(report.errors()).isEqualTo(2);
        assertThat(Files.readString(outside)).isEqualTo(SECRET);
        assertThat(row("GDPR-OUTSIDE").getString("status")).isEqualTo("completed");
        assertThat(row("GDPR-OUTSIDE").getString("export_storage_path")).isEqualTo(outside.toString());
        assertThat(row("GDPR-TRAVERSAL").getString("status")).isEqualTo("completed");
        assertThat(fileDeletedEvents("GDPR-OUTSIDE")).isZero();
        assertThat(row("GDPR-FINE").getString("status")).isEqualTo("expired");
        assertThat(logs.list).filteredOn(event -> event.getLevel() == ch.qos.logback.classic.Level.ERROR)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains("GDPR-OUTSIDE", "outside the export directory"));
    }

    // ---- convergence after a crash --------------------------------------------------------------------------

    @Test
    void aCrashBetweenDeletingTheFileAndMarkingTheRowIsRepairedByTheNextCycle() {
        // The file went, the process died before the row was written.
        completed("GDPR-HALF-DONE", T0, pathOf("GDPR-HALF-DONE"));

        CleanupReport report = cycle();

        assertThat(report.checked()).isEqualTo(1);
        assertThat(report.filesDeleted()).isZero();
        assertThat(report.errors()).isZero();
        assertThat(row("GDPR-HALF-DONE").getString("status")).isEqualTo("expired");
        assertThat(count("SELECT count(*) FROM dsar_audit_events WHERE gdpr_reference_id = $1"
                + " AND details->>'file_was_present' = 'false'", "GDPR-HALF-DONE")).isOne();
    }

    @Test
    void aFileLeftBehindByAMarkedRowGoesAsAnOrphanOnceItsGraceHasPassed() throws IOException {
        expiredRow("GDPR-LEFT-BEHIND");
        Path left = file(exportName("GDPR-LEFT-BEHIND"), 50, EXPIRY.minus(Duration.ofMinutes(30)));

        CleanupReport early = cycle();
        clock.advance(Duration.ofMinutes(30));
        CleanupReport later = cycle();

        assertThat(early.orphansDeleted()).isZero();
        assertThat(later.orphansDeleted()).isEqualTo(1);
        assertThat(later.bytesFreed()).isEqualTo(50);
        assertThat(left).doesNotExist();
    }

    // ---- dry run --------------------------------------------------------------------------------------------

    @Test
    void aDryRunChangesNoFileAndNoRowAndReportsWhatARealCycleThenDoes() throws IOException {
        completed("GDPR-DRY-EXPIRED", T0, pathOf("GDPR-DRY-EXPIRED"));
        Path expiredFile = file(exportName("GDPR-DRY-EXPIRED"), 100, T0);
        failed("GDPR-DRY-FAILED", T0, null);
        Path failedPart = file(exportName("GDPR-DRY-FAILED") + ".part", 10, T0);
        Path orphan = file(exportName("GDPR-DRY-ORPHAN"), 1, T0);
        processing("GDPR-DRY-STUCK", Duration.ofHours(-1), 1);
        long events = count("SELECT count(*) FROM dsar_audit_events");
        String rowsBefore = count("SELECT count(*) FROM dsar_requests") + "/" + row("GDPR-DRY-EXPIRED").toJson()
                + row("GDPR-DRY-STUCK").toJson();

        CleanupReport dry = cycle(instanceA, RunCleanupCommand.fromCommandLine(true, Optional.empty()));

        assertThat(expiredFile).exists();
        assertThat(failedPart).exists();
        assertThat(orphan).exists();
        assertThat(count("SELECT count(*) FROM dsar_requests") + "/" + row("GDPR-DRY-EXPIRED").toJson()
                + row("GDPR-DRY-STUCK").toJson()).isEqualTo(rowsBefore);
        assertThat(count("SELECT count(*) FROM dsar_audit_events")).isEqualTo(events);
        assertThat(count("SELECT count(*) FROM dsar_cleanup_runs WHERE dry_run")).isOne();
        assertThat(instanceA.cleanupStatistics().cycles().await().totalCycles()).isZero();

        CleanupReport real = cycle();

        assertThat(dry.dryRun()).isTrue();
        assertThat(real.dryRun()).isFalse();
        assertThat(List.of(dry.checked(), dry.filesDeleted(), dry.failedFilesDeleted(), dry.orphansDeleted(),
                dry.staleRequeued(), dry.bytesFreed()))
                .isEqualTo(List.of(real.checked(), real.filesDeleted(), real.failedFilesDeleted(), real.orphansDeleted(),
                        real.staleRequeued(), real.bytesFreed()))
                .isEqualTo(List.of(1L, 1L, 1L, 1L, 1L, 111L));
    }

    // ---- one cycle at a time across instances ---------------------------------------------------------------

    @Test
    void twoInstancesCyclingAtOnceDeleteEachFileOnceWithoutAnyError() throws IOException {
        plantTwoInstancesWorth();
        Components instanceB = instance("instance-b");

        Future<CleanupOutcome> a = instanceA.runCleanup().run(RunCleanupCommand.scheduled());
        Future<CleanupOutcome> b = instanceB.runCleanup().run(RunCleanupCommand.scheduled());
        Future.join(a, b).await();

        List<CleanupReport> reports = new ArrayList<>();
        for (CleanupOutcome outcome : List.of(a.result(), b.result())) {
            outcome.fold(ran -> reports.add(ran.report()), busy -> {
                assertThat(busy.reason()).contains("instance-");
                return false;
            });
        }
        assertThat(reports).isNotEmpty();
        assertThat(reports.stream().mapToLong(CleanupReport::filesDeleted).sum()).isEqualTo(1500);
        assertThat(reports.stream().mapToLong(CleanupReport::errors).sum()).isZero();
        assertThat(count("SELECT count(*) FROM dsar_requests WHERE status = 'expired'")).isEqualTo(1500);
        assertThat(count("SELECT count(*) FROM dsar_audit_events WHERE action = 'file_deleted'")).isEqualTo(1500);
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void evenWithoutTheLockTwoCyclesAtOnceDeleteEachFileOnceAndCountItOnce() throws IOException {
        plantTwoInstancesWorth();
        RunCleanupUseCase first = withoutLock("unlocked-1");
        RunCleanupUseCase second = withoutLock("unlocked-2");

        Future<CleanupOutcome> a = first.run(RunCleanupCommand.scheduled());
        Future<CleanupOutcome> b = second.run(RunCleanupCommand.scheduled());
        Future.all(a, b).await();

        CleanupReport ra = ((CleanupOutcome.Ran) a.result()).report();
        CleanupReport rb = ((CleanupOutcome.Ran) b.result()).report();
        assertThat(ra.filesDeleted() + rb.filesDeleted()).isEqualTo(1500);
        assertThat(ra.errors() + rb.errors()).isZero();
        assertThat(ra.orphansDeleted() + rb.orphansDeleted()).isZero();
        assertThat(count("SELECT count(*) FROM dsar_requests WHERE status = 'expired'")).isEqualTo(1500);
        assertThat(count("SELECT count(*) FROM dsar_audit_events WHERE action = 'file_deleted'")).isEqualTo(1500);
        assertThat(count("SELECT count(DISTINCT gdpr_reference_id) FROM dsar_audit_events WHERE action = 'file_deleted'"))
                .isEqualTo(1500);
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    /** A cleanup service wired like the real one, but whose lock always grants: what two cycles do if it is lost. */
    private RunCleanupUseCase withoutLock(String instanceId) throws IOException {
        CleanupPostgresAdapter database = new CleanupPostgresAdapter(instances.pool());
        DsarRequestPostgresAdapter requests = new DsarRequestPostgresAdapter(instances.pool());
        ExportCleanupFilesystemAdapter files = new ExportCleanupFilesystemAdapter(instances.vertx(), ExportDirectory.open(root));
        CleanupLockPort alwaysGranted = new CleanupLockPort() {
            @Override
            public Future<Acquisition> tryAcquire(String holder, String instance, Instant now, Duration lease) {
                return Future.succeededFuture(new Acquisition.Acquired());
            }

            @Override
            public Future<Boolean> renew(String holder, Instant now, Duration lease) {
                return Future.succeededFuture(true);
            }

            @Override
            public Future<Void> release(String holder) {
                return Future.succeededFuture();
            }
        };
        CleanupPorts ports = new CleanupPorts(alwaysGranted, database, database, database, files, files, database,
                requests, new RecoverAbandonedExports(requests, requests, requests,
                        new ExportArchiveFilesystemAdapter(instances.vertx(), ExportDirectory.open(root))), database,
                new CleanupMetricsMicrometerAdapter(new SimpleMeterRegistry()), requests);
        return new CleanupService(ports, new CleanupSettings(RetentionPolicy.defaults(), Duration.ofHours(1),
                Optional.empty(), instanceId), clock);
    }

    @Test
    void whileAnotherInstanceHoldsTheLockACycleIsBusyUntilThatLeaseRunsOut() throws IOException {
        db.execute("INSERT INTO dsar_cleanup_lock (name, holder, instance_id, acquired_at, expires_at) VALUES"
                + " ('cleanup', 'instance-z#1', 'instance-z', clock_timestamp() - interval '60 seconds',"
                + " clock_timestamp() + interval '60 seconds')");
        completed("GDPR-WAITING", T0, pathOf("GDPR-WAITING"));
        Path waiting = file(exportName("GDPR-WAITING"), 1, T0);

        CleanupOutcome busy = instanceA.runCleanup().run(RunCleanupCommand.scheduled()).await();
        // The lock's lease runs out on the database's clock, which no test moves: as if its 60 seconds had passed.
        db.execute("UPDATE dsar_cleanup_lock SET expires_at = clock_timestamp() - interval '1 millisecond'");
        CleanupReport after = cycle();

        assertThat(busy).isInstanceOf(CleanupOutcome.Busy.class);
        assertThat(((CleanupOutcome.Busy) busy).reason()).contains("instance-z");
        assertThat(waiting).doesNotExist();
        assertThat(after.filesDeleted()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dsar_cleanup_runs")).isOne();
        assertThat(count("SELECT count(*) FROM dsar_cleanup_lock")).as("released after the cycle").isZero();
    }

    // ---- audit retention ------------------------------------------------------------------------------------

    @Test
    void auditEventsAreKeptUnlessAnAuditRetentionIsSetAndThenOnlyTheOlderOnesGo() {
        expiredRow("GDPR-AUDITED");
        db.execute("INSERT INTO dsar_audit_events (gdpr_reference_id, user_id, action, actor, occurred_at)"
                + " SELECT 'GDPR-AUDITED', 1, 'requested', 'subject:1', '" + EXPIRY + "'::timestamptz - g * interval '1 day'"
                + " FROM generate_series(1, 400) AS g");

        CleanupReport keeping = cycle();
        Components purging = instance("instance-purge", Map.of("DSAR_AUDIT_RETENTION", "P365D"));
        CleanupReport dry = cycle(purging, RunCleanupCommand.fromCommandLine(true, Optional.empty()));
        long beforePurge = count("SELECT count(*) FROM dsar_audit_events WHERE gdpr_reference_id = 'GDPR-AUDITED'");
        CleanupReport purged = cycle(purging, RunCleanupCommand.scheduled());

        assertThat(keeping.auditEventsPurged()).isZero();
        assertThat(dry.auditEventsPurged()).isEqualTo(35);
        assertThat(beforePurge).isEqualTo(400);
        assertThat(purged.auditEventsPurged()).isEqualTo(35);
        assertThat(count("SELECT count(*) FROM dsar_audit_events WHERE gdpr_reference_id = 'GDPR-AUDITED'")).isEqualTo(365);
        assertThat(row("GDPR-AUDITED").getString("status")).isEqualTo("expired");
    }

    // ---- statistics -----------------------------------------------------------------------------------------

    @Test
    void statisticsSumEveryCycleOfEveryInstanceAndTheStorageIsCountedFromTheDirectory() throws IOException {
        completed("GDPR-STATS-1", T0, pathOf("GDPR-STATS-1"));
        file(exportName("GDPR-STATS-1"), 100, T0);
        file(exportName("GDPR-STATS-ORPHAN"), 10, T0);
        cycle();
        completed("GDPR-STATS-2", T0, pathOf("GDPR-STATS-2"));
        file(exportName("GDPR-STATS-2"), 1000, T0);
        completed("GDPR-STATS-KEEP", EXPIRY, pathOf("GDPR-STATS-KEEP"));
        file(exportName("GDPR-STATS-KEEP"), 7, EXPIRY.minusSeconds(5));
        file(exportName("GDPR-STATS-PART") + ".part", 3, EXPIRY);
        processing("GDPR-STATS-PART", Duration.ofSeconds(60), 1);
        Components instanceB = instance("instance-b");
        clock.advance(Duration.ofSeconds(1));
        cycle(instanceB, RunCleanupCommand.scheduled());

        CleanupTotals totals = instanceA.cleanupStatistics().cycles().await();
        StorageStatistics storage = instanceA.cleanupStatistics().storage().await();

        assertThat(totals.totalCycles()).isEqualTo(2);
        assertThat(totals.expiredFilesRemoved()).isEqualTo(2);
        assertThat(totals.orphanedFilesRemoved()).isEqualTo(1);
        assertThat(totals.failedFilesRemoved()).isZero();
        assertThat(totals.bytesFreed()).isEqualTo(1110);
        assertThat(totals.lastRun()).contains(instant("SELECT started_at FROM dsar_cleanup_runs"
                + " WHERE instance_id = 'instance-b'"));
        assertThat(totals.lastError()).isEmpty();
        assertThat(storage).isEqualTo(new StorageStatistics(2, 10, Optional.of(EXPIRY.minusSeconds(5)), Optional.of(EXPIRY)));
        assertThat(count("SELECT count(*) FROM dsar_cleanup_runs WHERE instance_id = 'instance-b'")).isOne();
    }

    /** 1,500 expired exports with their files. */
    private void plantTwoInstancesWorth() throws IOException {
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, attempts,"
                + " version, started_at, completed_at, export_storage_path, export_bytes_size, export_sha256)"
                + " SELECT 100000 + g, 'GDPR-TWO-' || lpad(g::text, 4, '0'), 'completed', 'subject:1', '" + T0 + "', 1, 2,"
                + " '" + T0 + "', '" + T0 + "'::timestamptz - g * interval '1 second',"
                + " '" + root + "/dsar_GDPR-TWO-' || lpad(g::text, 4, '0') || '_20260201_120000.zip', 10, '"
                + "a".repeat(64) + "' FROM generate_series(0, 1499) AS g");
        for (int i = 0; i < 1500; i++) {
            file(exportName(String.format("GDPR-TWO-%04d", i)), 10, T0);
        }
    }
}
