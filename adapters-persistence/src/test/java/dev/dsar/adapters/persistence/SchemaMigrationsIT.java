package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaMigrationsIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.empty();

    private static SchemaMigrations.Applied firstService;
    private static SchemaMigrations.Applied firstDemo;

    @BeforeAll
    static void migrateADatabaseThatAlreadyHoldsAnApplicationTable() {
        // The service is often pointed at the host application's own database.
        db.execute("CREATE TABLE host_application_table (id int)");
        SchemaMigrations migrations = new SchemaMigrations(db.location());
        firstService = migrations.migrateService();
        firstDemo = migrations.migrateDemo();
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at,"
                + " completed_at, failed_at, export_storage_path, lease_owner, lease_expires_at)"
                + " SELECT n, 'GDPR-PLAN-' || n,"
                + "   (ARRAY['pending','processing','completed','failed','expired'])[1 + n % 5], 'subject:' || n,"
                + "   now() - n * interval '1 minute',"
                + "   CASE WHEN n % 5 IN (2, 4) THEN now() - n * interval '1 minute' END,"
                + "   CASE WHEN n % 5 = 3 THEN now() - n * interval '1 minute' END,"
                + "   CASE WHEN n % 5 = 2 THEN '/srv/exports/dsar_GDPR-PLAN-' || n || '_20260101_000000.zip' END,"
                + "   CASE WHEN n % 5 = 1 THEN 'worker' END,"
                + "   CASE WHEN n % 5 = 1 THEN now() END"
                + " FROM generate_series(1, 5000) AS n");
        db.execute("ANALYZE dsar_requests");
    }

    @Test
    void bothSchemasApplyOnADatabaseWithForeignTablesAndASecondRunIsANoOp() {
        SchemaMigrations migrations = new SchemaMigrations(db.location());

        assertThat(firstService.migrationsApplied()).isPositive();
        assertThat(firstDemo.migrationsApplied()).isPositive();
        assertThat(migrations.migrateService().migrationsApplied()).isZero();
        assertThat(migrations.migrateDemo().migrationsApplied()).isZero();
    }

    @Test
    void demoSchemaHoldsTheContractTables() throws SQLException {
        assertThat(columns("users")).containsExactly("id", "email", "display_name", "created_at");
        assertThat(columns("workflows")).containsExactly("id", "user_id", "name", "definition", "created_at");
        assertThat(columns("workflow_runs"))
                .containsExactly("id", "workflow_id", "user_id", "status", "started_at", "finished_at");
        assertThat(columns("api_tokens"))
                .containsExactly("id", "user_id", "name", "token_hash", "created_at", "last_used_at");
        assertThat(columns("audit_logs")).containsExactly("id", "user_id", "action", "ip", "details", "created_at");
    }

    @Test
    void requestsTableHasTheContractColumns() throws SQLException {
        assertThat(columns("dsar_requests")).contains("id", "user_id", "gdpr_reference_id", "status", "requested_at",
                "completed_at", "export_bytes_size", "export_sha256", "last_error", "export_storage_path",
                "file_deleted_at", "attempts", "lease_expires_at", "failed_at", "download_count", "last_downloaded_at");
    }

    /** Each question the service asks often is answered from its index, not by reading the table. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "by reference | dsar_requests_reference_unique |"
                + " SELECT * FROM dsar_requests WHERE gdpr_reference_id = 'GDPR-PLAN-77'",
        "a user's newest first | dsar_requests_user_newest |"
                + " SELECT * FROM dsar_requests WHERE user_id = 77 ORDER BY requested_at DESC, id DESC LIMIT 100",
        "next pending | dsar_requests_next_pending |"
                + " SELECT id FROM dsar_requests WHERE status = 'pending' ORDER BY requested_at, id LIMIT 1",
        "processing past its lease | dsar_requests_processing_lease |"
                + " SELECT id FROM dsar_requests WHERE status = 'processing' AND lease_expires_at <= now()",
        "completed and past a cutoff | dsar_requests_completed_at |"
                + " SELECT id FROM dsar_requests WHERE status = 'completed' AND completed_at <= now() - interval '1 day'"
                + " ORDER BY completed_at, id LIMIT 1000",
        "failed older than | dsar_requests_failed_at |"
                + " SELECT id FROM dsar_requests WHERE status = 'failed' AND failed_at <= now() - interval '1 hour'"
                + " ORDER BY failed_at, id LIMIT 1000",
        "files known to a row | dsar_requests_storage_path |"
                + " SELECT export_storage_path FROM dsar_requests WHERE export_storage_path = ANY(ARRAY['/a', '/b'])",
    })
    void frequentQueryIsAnIndexScan(String question, String index, String sql) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection connection = TestPostgres.connect(db.location()); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            try (ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
        }
        assertThat(String.join("\n", plan)).as(question).contains(index).doesNotContain("Seq Scan");
    }

    private static List<String> columns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = TestPostgres.connect(db.location());
             ResultSet rows = connection.createStatement().executeQuery("SELECT column_name FROM information_schema.columns"
                     + " WHERE table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        return columns;
    }
}
