package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.adapters.persistence.SchemaMigrations;
import dev.dsar.adapters.persistence.testing.OwnPostgres;
import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.in.GenerateExportUseCase;
import dev.dsar.application.port.in.GenerateExportUseCase.StartedExport;
import dev.dsar.application.port.in.RequestExportCommand;
import dev.dsar.application.service.GenerateExportService;
import dev.dsar.bootstrap.Components;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.testing.DemoData;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.Actor;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An export whose outcome meets a restart of the service database: the service database is a PostgreSQL of the
 * test's own, stopped while the export is held on a lock in the source database (the shared server) and started
 * again once the completion has failed to be written. The completion is recorded when the database is back,
 * not after the lease, and the file is kept.
 */
class ExportOutcomeDuringOutageIT {

    @RegisterExtension
    static final PostgresDatabase source = PostgresDatabase.migratedWithDemoSchema();

    @TempDir
    static Path exports;
    private static OwnPostgres postgres;
    private static PostgresLocation database;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        DemoData.insert(source);
        postgres = OwnPostgres.started();
        database = postgres.createDatabase("dsar");
        new SchemaMigrations(database).migrateService();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        try {
            vertx.close().await();
        } finally {
            postgres.close();
        }
    }

    /** Completes on the first warning that a completion could not be written: no polling, no sleep. */
    static final class FirstUnwrittenCompletion extends AppenderBase<ILoggingEvent> {
        final CompletableFuture<String> seen = new CompletableFuture<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel() == Level.WARN && event.getFormattedMessage().contains("could not record its completion")) {
                seen.complete(event.getFormattedMessage());
            }
        }
    }

    @Test
    void aCompletionMeetingADatabaseRestartIsRecordedWhenTheDatabaseIsBackNotAfterTheLease() throws Exception {
        Components components = Components.create(vertx, DsarConfig.from(Map.of("DSAR_DATABASE_URL", database.uri(),
                "DSAR_SOURCE_DATABASE_URL", source.uri(), "EXPORT_STORAGE_PATH", exports.toString(),
                "DSAR_INSTANCE_ID", "instance-outage")), new MutableClock(Instant.now()));
        Logger log = (Logger) LoggerFactory.getLogger(GenerateExportService.class);
        FirstUnwrittenCompletion watcher = new FirstUnwrittenCompletion();
        watcher.start();
        log.addAppender(watcher);
        try {
            ReferenceId reference = components.requestExport()
                    .request(new RequestExportCommand(new UserId(DemoData.ALICE), Optional.empty(), Actor.operator()))
                    .await().fold(created -> created.request().reference(), active -> null, taken -> null);
            StartedExport started;
            try (Connection holder = TestPostgres.connect(source.location())) {
                // The export waits on this lock for its first section while the service database goes down.
                holder.setAutoCommit(false);
                holder.createStatement().execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
                started = components.generateExport().startNext().await().orElseThrow();
                postgres.stop();
                holder.commit();
            }
            String warning = watcher.seen.get(60, TimeUnit.SECONDS);
            postgres.start();
            long back = System.nanoTime();
            ExportOutcome outcome = started.outcome().await(60, TimeUnit.SECONDS);
            Duration recordedAfterRestart = Duration.ofNanos(System.nanoTime() - back);

            assertThat(warning).contains("export " + reference);
            assertThat(outcome).isInstanceOf(ExportOutcome.Completed.class);
            Path file = Path.of(((ExportOutcome.Completed) outcome).artifact().storagePath());
            assertThat(file).exists();
            assertThat(Files.list(exports).map(path -> path.getFileName().toString()))
                    .containsExactly(file.getFileName().toString());
            try (Connection connection = TestPostgres.connect(database);
                 ResultSet row = connection.createStatement().executeQuery("SELECT status, attempts,"
                         + " export_storage_path FROM dsar_requests WHERE gdpr_reference_id = '" + reference + "'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("status")).isEqualTo("completed");
                assertThat(row.getInt("attempts")).isEqualTo(1);
                assertThat(row.getString("export_storage_path")).isEqualTo(file.toString());
            }
            // Within the retry schedule, far from the lease it used to wait for.
            assertThat(recordedAfterRestart).isLessThan(GenerateExportUseCase.LEASE);
            LoggerFactory.getLogger(ExportOutcomeDuringOutageIT.class).info(
                    "completion recorded {} ms after the service database was started again",
                    recordedAfterRestart.toMillis());
        } finally {
            log.detachAppender(watcher);
            components.close().await();
        }
    }
}
