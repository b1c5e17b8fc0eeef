package dev.dsar.adapters.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dsar.adapters.persistence.PostgresLocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class OwnPostgresIT {

    @Test
    void aServerOfItsOwnAcceptsConnectionsRefusesThemWhenStoppedAndKeepsItsDataAcrossARestart() throws Exception {
        Path directory;
        try (OwnPostgres postgres = OwnPostgres.started()) {
            PostgresLocation database = postgres.createDatabase("kept");
            TestPostgres.execute(database, "CREATE TABLE t(x int); INSERT INTO t VALUES (7)");
            assertThat(postgres.port()).isNotEqualTo(5432);

            postgres.stop();
            Throwable refused = catchThrowable(() -> TestPostgres.connect(database).close());
            assertThat(refused).isInstanceOf(SQLException.class);
            assertThat(((SQLException) refused).getSQLState()).startsWith("08");

            postgres.start();
            try (Connection connection = TestPostgres.connect(database);
                 var rows = connection.createStatement().executeQuery("SELECT x FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
            directory = postgres.directory();
            assertThat(directory).isDirectory();
        }
        assertThat(directory).doesNotExist();
    }
}
