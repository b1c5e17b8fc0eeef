package dev.dsar.adapters.persistence.testing;

import dev.dsar.adapters.persistence.PostgresLocation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * Where the tests' PostgreSQL is, decided once per JVM: {@code DSAR_TEST_DATABASE_URL} if set, else a
 * Testcontainers PostgreSQL when Docker works, else {@code postgres@localhost:5432} when it answers (moved by
 * {@code DSAR_TEST_LOCALHOST_URL}), else an embedded PostgreSQL started for this JVM (docs/adr/0003). Every test
 * class gets a fresh database of its own on that server.
 */
public final class TestPostgres {

    public static final String ENV = "DSAR_TEST_DATABASE_URL";
    /** Where the localhost step looks; a free port here makes the tests run on the embedded server. */
    public static final String LOCALHOST_ENV = "DSAR_TEST_LOCALHOST_URL";
    private static final String LOCALHOST = "postgresql://postgres@localhost:5432/postgres";
    private static final String HOW_TO = "Provide a PostgreSQL for the tests: " + ENV
            + "=postgresql://user:password@host:5432/postgres (a role that may CREATE DATABASE);"
            + " a working Docker for Testcontainers; or PostgreSQL on localhost:5432 with user postgres.";

    private static PostgresLocation server;
    private static String source;

    private TestPostgres() {
    }

    /** The server's maintenance database, from which test databases are created. */
    public static synchronized PostgresLocation server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    /** Which of the three ways found the server (for test logs). */
    public static synchronized String source() {
        server();
        return source;
    }

    /** Creates an empty database named after the test class, unique per run. */
    public static PostgresLocation createDatabase(String testName) {
        String name = ("dsar_t_" + testName.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT));
        name = name.substring(0, Math.min(name.length(), 48)) + "_" + UUID.randomUUID().toString().substring(0, 8);
        execute(server(), "CREATE DATABASE " + name);
        return server().withDatabase(name);
    }

    public static void dropDatabase(PostgresLocation database) {
        execute(server(), "DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
    }

    public static void execute(PostgresLocation database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database statement failed on " + database + ": " + e.getMessage(), e);
        }
    }

    public static Connection connect(PostgresLocation database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        if (database.password() != null) {
            properties.setProperty("password", database.password());
        }
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private static PostgresLocation locate() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            PostgresLocation location = PostgresLocation.parse(configured.trim());
            requireReachable(location, ENV + " is set but its server cannot be reached");
            source = ENV;
            return location;
        }
        PostgresLocation container = TestcontainersPostgres.startIfDockerWorks();
        if (container != null) {
            source = "testcontainers";
            return container;
        }
        String localhost = System.getenv(LOCALHOST_ENV);
        PostgresLocation local = PostgresLocation.parse(localhost == null || localhost.isBlank() ? LOCALHOST : localhost.trim());
        if (reachable(local)) {
            source = "localhost";
            return local;
        }
        try {
            PostgresLocation embedded = EmbeddedTestPostgres.start();
            source = "embedded";
            return embedded;
        } catch (RuntimeException e) {
            throw new IllegalStateException("The embedded PostgreSQL did not start (" + e.getMessage() + "). " + HOW_TO, e);
        }
    }

    private static void requireReachable(PostgresLocation location, String problem) {
        if (!reachable(location)) {
            throw new IllegalStateException(problem + " (" + location + "). " + HOW_TO);
        }
    }

    private static boolean reachable(PostgresLocation location) {
        try (Connection ignored = connect(location)) {
            return true;
        } catch (SQLException unreachable) {
            return false;
        }
    }
}
