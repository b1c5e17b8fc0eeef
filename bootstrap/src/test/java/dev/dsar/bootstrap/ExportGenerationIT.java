package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.filesystem.testing.UnwritableDirectory;
import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.adapters.persistence.SchemaMigrations;
import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.testing.InProcessInstances;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.in.RequestExportCommand;
import dev.dsar.application.port.in.RequestExportOutcome;
import dev.dsar.bootstrap.testing.DemoData;
import dev.dsar.bootstrap.testing.ExportPackage;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.Actor;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Export generation end to end: the wired service, a real PostgreSQL with the demo schema, a real directory. */
class ExportGenerationIT {

    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    @RegisterExtension
    static final InProcessInstances instances = new InProcessInstances(db);

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path temp;

    private final MutableClock clock = new MutableClock(T0);

    @BeforeAll
    static void insertTheDemoData() {
        DemoData.insert(db);
    }

    Path exports() {
        return instances.exports();
    }

    Components components(String instance, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DSAR_INSTANCE_ID", instance));
        env.putAll(extra);
        return instances.open(env, clock);
    }

    Components components() {
        return components("instance-a", Map.of());
    }

    static ReferenceId request(Components components, long user) {
        RequestExportOutcome outcome = components.requestExport()
                .request(new RequestExportCommand(new UserId(user), Optional.empty(), Actor.operator())).await();
        return outcome.fold(created -> created.request().reference(), active -> {
            throw new AssertionError("already active: " + active);
        }, taken -> {
            throw new AssertionError("taken: " + taken);
        });
    }

    static ExportOutcome exportNext(Components components) {
        return components.generateExport().startNext().await().orElseThrow().outcome().await();
    }

    List<String> filesInExports() throws Exception {
        try (Stream<Path> files = Files.list(exports())) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    static Map<String, Object> requestRow(ReferenceId reference) {
        return rows("SELECT * FROM dsar_requests WHERE gdpr_reference_id = '" + reference.value() + "'").get(0);
    }

    /** The request's start as an export file name stamps it (yyyyMMdd_HHmmss, UTC). */
    static String startedStamp(ReferenceId reference) {
        return (String) rows("SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS') AS stamp"
                + " FROM dsar_requests WHERE gdpr_reference_id = '" + reference.value() + "'").get(0).get("stamp");
    }

    /** Retry times are on the database's clock, which no test moves: the scheduled retry falls due now. */
    static void retryFallsDue(ReferenceId reference) {
        db.execute("UPDATE dsar_requests SET next_attempt_at = clock_timestamp() WHERE gdpr_reference_id = '"
                + reference.value() + "'");
    }

    static long auditEvents(ReferenceId reference, String action) {
        return rows("SELECT count(*) AS n FROM dsar_audit_events WHERE gdpr_reference_id = '" + reference.value()
                + "' AND action = '" + action + "'").get(0).get("n") instanceof Long n ? n : -1;
    }

    /** Rows over JDBC with timestamps as instants and json as parsed JSON, for comparison with the package. */
    static List<Map<String, Object>> rows(String sql) {
        try (Connection connection = TestPostgres.connect(db.location());
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String type = meta.getColumnTypeName(i);
                    Object value;
                    if (type.equals("timestamptz")) {
                        OffsetDateTime time = result.getObject(i, OffsetDateTime.class);
                        value = time == null ? null : time.toInstant();
                    } else if (type.equals("jsonb") || type.equals("json")) {
                        String text = result.getString(i);
                        value = text == null ? null : Json.decodeValue(text);
                    } else {
                        value = result.getObject(i);
                    }
                    row.put(meta.getColumnName(i), value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A row of the package, its times read back as instants, to compare with {@link #rows}. */
    static Map<String, Object> comparable(JsonObject exported, Map<String, Object> like) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : exported.fieldNames()) {
            Object value = exported.getValue(column);
            Object expected = like.get(column);
            if (expected instanceof Instant && value instanceof String text) {
                value = Instant.parse(text);
            } else if (expected instanceof Long && value instanceof Number number) {
                value = number.longValue();
            } else if (expected instanceof Integer && value instanceof Number number) {
                value = number.intValue();
            }
            row.put(column, value);
        }
        return row;
    }

    static void assertSectionEqualsTheDatabase(ExportPackage exported, String section, String sql) {
        List<Map<String, Object>> expected = rows(sql);
        JsonArray rows = (JsonArray) exported.json(section + ".json");
        assertThat(rows).as(section).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(comparable(rows.getJsonObject(i), expected.get(i))).as(section + " row " + i)
                    .isEqualTo(expected.get(i));
            assertThat(rows.getJsonObject(i).fieldNames()).as("column order").containsExactlyElementsOf(expected.get(i).keySet());
        }
    }

    @Test
    void thePackageHoldsExactlyTheUsersRowsAsTheDatabaseHasThem() throws Exception {
        Components components = components();
        ReferenceId reference = request(components, DemoData.ALICE);

        ExportOutcome outcome = exportNext(components);

        assertThat(outcome).isInstanceOf(ExportOutcome.Completed.class);
        ExportOutcome.Completed completed = (ExportOutcome.Completed) outcome;
        Path file = Path.of(completed.artifact().storagePath());
        assertThat(file.getParent()).isEqualTo(exports().toRealPath());
        // Named after the claim, which is taken on the database's clock.
        String stamp = startedStamp(reference);
        assertThat(file.getFileName().toString()).isEqualTo("dsar_" + reference + "_" + stamp + ".zip");
        ExportPackage exported = ExportPackage.read(file);
        assertThat(exported.root()).isEqualTo("dsar-" + reference + "-" + stamp.replace('_', '-') + "/");
        JsonObject account = (JsonObject) exported.json("account.json");
        Map<String, Object> user = rows("SELECT id, email, display_name, created_at FROM users WHERE id = 42").get(0);
        assertThat(comparable(account, user)).isEqualTo(user);
        assertThat(account.getString("display_name")).isEqualTo("Ålice \"Ally\" <b>O'Brien</b> 😀 \\ back");
        assertSectionEqualsTheDatabase(exported, "workflows", "SELECT * FROM workflows WHERE user_id = 42 ORDER BY id");
        assertSectionEqualsTheDatabase(exported, "workflow_runs", "SELECT * FROM workflow_runs WHERE user_id = 42 ORDER BY id");
        assertSectionEqualsTheDatabase(exported, "audit_logs", "SELECT * FROM audit_logs WHERE user_id = 42 ORDER BY id");
        assertThat(((JsonArray) exported.json("workflows.json")).getJsonObject(0).getJsonObject("definition")
                .getJsonArray("steps").getJsonObject(0).getString("url")).isEqualTo("https://example.org/ü");
        JsonArray tokens = (JsonArray) exported.json("api_tokens.json");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.getJsonObject(0).getString("token_hash")).isEqualTo("[REDACTED]");
        assertThat(tokens.getJsonObject(1).getString("token_hash")).isEqualTo("[REDACTED]");
        assertThat(tokens.getJsonObject(0).getString("name")).isEqualTo("laptop");
        assertThat(exported.allText()).doesNotContain("alice-secret-hash-1");
        assertThat(exported.meta().getJsonObject("record_counts")).isEqualTo(new JsonObject()
                .put("account", 1).put("workflows", 2).put("workflow_runs", 0).put("api_tokens", 2).put("audit_logs", 2502));
        assertThat(completed.records()).isEqualTo(2507);
        Map<String, Object> row = requestRow(reference);
        assertThat(row.get("status")).isEqualTo("completed");
        assertThat(row.get("export_storage_path")).isEqualTo(file.toString());
        assertThat(row.get("export_bytes_size")).isEqualTo(Files.size(file));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(auditEvents(reference, "export_started")).isEqualTo(1);
        assertThat(auditEvents(reference, "export_completed")).isEqualTo(1);
    }

    @Test
    void noOtherUsersDataEverAppears() throws Exception {
        Components components = components();
        request(components, DemoData.ALICE);

        ExportOutcome.Completed completed = (ExportOutcome.Completed) exportNext(components);

        String everything = ExportPackage.read(Path.of(completed.artifact().storagePath())).allText();
        assertThat(everything).doesNotContain(DemoData.BOB_MARKER, "203.0.113.7");
    }

    @Test
    void aUserWithoutDataGetsANullAccountAndEmptySections() throws Exception {
        Components components = components();
        request(components, DemoData.NOBODY);

        ExportOutcome.Completed completed = (ExportOutcome.Completed) exportNext(components);

        ExportPackage exported = ExportPackage.read(Path.of(completed.artifact().storagePath()));
        assertThat(exported.text("account.json").strip()).isEqualTo("null");
        for (String section : List.of("workflows", "workflow_runs", "api_tokens", "audit_logs")) {
            assertThat(exported.json(section + ".json")).as(section).isEqualTo(new JsonArray());
        }
        assertThat(completed.records()).isZero();
    }

    @Test
    void aBrokenSectionQueryFailsTheRequestWithAClearErrorAndLeavesNoFile() throws Exception {
        Path sections = Files.writeString(temp.resolve("sections.json"), """
                {"sections": [
                  {"name": "account", "single": true, "query": "SELECT * FROM users WHERE id = #{userId}"},
                  {"name": "orders", "query": "SELECT * FROM orders WHERE user_id = #{userId}"}
                ]}""");
        Components components = components("instance-a", Map.of("DSAR_SECTIONS_CONFIG", sections.toString()));
        ReferenceId reference = request(components, DemoData.ALICE);

        ExportOutcome outcome = exportNext(components);

        String error = "section 'orders': query failed with SQLSTATE 42P01 (undefined_table): relation \"orders\" does not exist";
        assertThat(outcome).isEqualTo(new ExportOutcome.Failed(reference, error));
        Map<String, Object> row = requestRow(reference);
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(row.get("last_error")).isEqualTo(error);
        assertThat(row.get("export_storage_path")).isNull();
        assertThat(filesInExports()).isEmpty();
        assertThat(auditEvents(reference, "export_failed")).isEqualTo(1);
    }

    @Test
    void anUnwritableExportDirectoryFailsAfterThreeAttemptsAndLeavesNoPartialFile() throws Exception {
        Components components = components();
        ReferenceId reference = request(components, DemoData.ALICE);
        Path root = components.exportDirectory().root();

        List<ExportOutcome> outcomes = new ArrayList<>();
        try (UnwritableDirectory ignored = UnwritableDirectory.make(root)) {
            outcomes.add(exportNext(components));
            retryFallsDue(reference);
            outcomes.add(exportNext(components));
            retryFallsDue(reference);
            outcomes.add(exportNext(components));
        }

        assertThat(outcomes).extracting(outcome -> outcome.getClass().getSimpleName())
                .containsExactly("RetryScheduled", "RetryScheduled", "Failed");
        Map<String, Object> row = requestRow(reference);
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(row.get("attempts")).isEqualTo(3);
        assertThat((String) row.get("last_error")).startsWith("cannot write the export file dsar_" + reference)
                .contains(root.toString());
        assertThat(filesInExports()).isEmpty();
    }

    @Test
    void anExportAbandonedByACrashedWorkerIsClaimedAgainAfterItsLeaseAndExportedOnceWithoutItsPartialFile() throws Exception {
        Components components = components("instance-b", Map.of());
        ReferenceId reference = request(components, DemoData.ALICE);
        // A worker that claimed it and vanished, leaving a half-written file behind.
        db.execute("UPDATE dsar_requests SET status = 'processing', attempts = 1, started_at = '" + T0 + "',"
                + " lease_owner = 'crashed-instance', lease_expires_at = clock_timestamp() + interval '2 minutes',"
                + " version = version + 1 WHERE gdpr_reference_id = '" + reference + "'");
        String leftover = "dsar_" + reference + "_20260301_100000.zip.part";
        Files.writeString(components.exportDirectory().root().resolve(leftover), "half a zip");

        assertThat(components.generateExport().startNext().await()).as("its lease still runs").isEmpty();
        // Its lease runs out on the database's clock, which no test moves: as if its two minutes had passed.
        db.execute("UPDATE dsar_requests SET lease_expires_at = clock_timestamp() WHERE gdpr_reference_id = '"
                + reference + "'");
        String deployment = instances.vertx().deployVerticle(new ExportWorkerVerticle(components, 3_600_000)).await();
        try {
            awaitStatus(reference, "completed");
        } finally {
            instances.vertx().undeploy(deployment).await();
        }

        Map<String, Object> row = requestRow(reference);
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(auditEvents(reference, "export_requeued")).isEqualTo(1);
        assertThat(auditEvents(reference, "export_completed")).isEqualTo(1);
        // The crashed attempt's partial file went with its recovery.
        assertThat(filesInExports()).containsExactly("dsar_" + reference + "_" + startedStamp(reference) + ".zip");
    }

    @Test
    void twoWorkersOnOneDatabaseExportEachRequestExactlyOnce() throws Exception {
        Components a = components("instance-a", Map.of("DSAR_EXPORT_CONCURRENCY", "2"));
        Components b = components("instance-b", Map.of("DSAR_EXPORT_CONCURRENCY", "2"));
        List<String> deployments = List.of(
                instances.vertx().deployVerticle(new ExportWorkerVerticle(a, 3_600_000)).await(),
                instances.vertx().deployVerticle(new ExportWorkerVerticle(b, 3_600_000)).await());
        List<ReferenceId> references = new ArrayList<>();
        try {
            for (long user = 1000; user < 1010; user++) {
                references.add(request(user % 2 == 0 ? a : b, user));
            }
            for (ReferenceId reference : references) {
                awaitStatus(reference, "completed");
            }
        } finally {
            for (String deployment : deployments) {
                instances.vertx().undeploy(deployment).await();
            }
        }

        for (ReferenceId reference : references) {
            assertThat(auditEvents(reference, "export_started")).as(reference.value()).isEqualTo(1);
            assertThat(auditEvents(reference, "export_completed")).as(reference.value()).isEqualTo(1);
        }
        assertThat(filesInExports()).hasSize(10).allMatch(name -> name.endsWith(".zip"));
    }

    @Test
    void aNewRequestIsPickedUpAtOnceWithoutWaitingForThePoll() throws Exception {
        Components components = components();
        Components cli = components("instance-cli", Map.of());
        // Polling once an hour: once the worker is idle, only the database notification starts an export.
        String deployment = instances.vertx().deployVerticle(new ExportWorkerVerticle(components, 3_600_000)).await();
        try {
            awaitStatus(request(cli, DemoData.NOBODY), "completed");

            for (long user = 2000; user < 2003; user++) {
                awaitStatus(request(cli, user), "completed");
            }
        } finally {
            instances.vertx().undeploy(deployment).await();
        }
    }

    @Test
    void theSourceMayBeAnotherDatabaseThanTheServices() throws Exception {
        PostgresLocation service = TestPostgres.createDatabase("ExportGenerationServiceOnly");
        try {
            new SchemaMigrations(service).migrateService();
            Components components = components("instance-a", Map.of("DSAR_DATABASE_URL", service.uri(),
                    "DSAR_SOURCE_DATABASE_URL", db.uri()));
            request(components, DemoData.ALICE);

            ExportOutcome outcome = exportNext(components);

            assertThat(outcome).isInstanceOf(ExportOutcome.Completed.class);
            assertThat(((ExportOutcome.Completed) outcome).records()).isEqualTo(2507);
            instances.close(components);
        } finally {
            TestPostgres.dropDatabase(service);
        }
    }

    /** Waits for a status the worker is expected to reach (a safety limit, not a timing assertion). */
    static void awaitStatus(ReferenceId reference, String status) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            if (status.equals(requestRow(reference).get("status"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(reference + " never became " + status + ": " + requestRow(reference));
    }
}
