package dev.dsar.bootstrap.faults;

import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC reads of a test database, for assertions that look behind the service. */
record Sql(PostgresLocation database) {

    long count(String sql) {
        return Long.parseLong(rows(sql).get(0).values().iterator().next());
    }

    /** Every row as column name to text (SQL NULL as Java null). */
    List<Map<String, String>> rows(String sql) {
        try (Connection connection = TestPostgres.connect(database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<Map<String, String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    void execute(String sql) {
        TestPostgres.execute(database, sql);
    }
}
