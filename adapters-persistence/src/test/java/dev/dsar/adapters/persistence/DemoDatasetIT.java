package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoDatasetIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    @Test
    void sampleUserIsInsertedOnceWithRowsInEveryDemoTable() throws SQLException {
        db.execute("INSERT INTO users (email, display_name, created_at) VALUES ('someone@example.org', 'Someone', now())");
        DemoDataset dataset = new DemoDataset(db.location());

        DemoDataset.SampleUser first = dataset.ensureSampleUser();
        DemoDataset.SampleUser second = dataset.ensureSampleUser();

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(count("SELECT count(*) FROM users WHERE email = '" + DemoDataset.SAMPLE_USER_EMAIL + "'")).isOne();
        for (String table : List.of("workflows", "workflow_runs", "api_tokens", "audit_logs")) {
            assertThat(count("SELECT count(*) FROM " + table + " WHERE user_id = " + first.id())).as(table).isPositive();
        }
        assertThat(count("SELECT count(*) FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id"
                + " WHERE w.user_id = r.user_id")).as("runs belong to the user's workflows").isEqualTo(
                count("SELECT count(*) FROM workflow_runs"));
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = TestPostgres.connect(db.location());
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
