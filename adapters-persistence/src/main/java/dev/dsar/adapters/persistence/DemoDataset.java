package dev.dsar.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The sample data of {@code bin/dsar demo}: one user with rows in every table of the demo schema
 * ({@code db/demo-data/sample_user.sql}). Blocking (JDBC), like {@link SchemaMigrations}: call it from the command
 * line. Idempotent: the user is recognised by e-mail address, so a second run finds the first run's user.
 */
public final class DemoDataset {

    public static final String SAMPLE_USER_EMAIL = "demo.user@example.org";

    /** The sample user's id, and whether this call inserted them (false: an earlier run did). */
    public record SampleUser(long id, String email, boolean created) {
    }

    private static final String SCRIPT = "db/demo-data/sample_user.sql";
    /** Two demos starting at once on one database would otherwise both insert the user. */
    private static final long LOCK_KEY = 0x4453_4152_4445_4d4fL;

    private final PostgresLocation source;

    /** {@code source}: the database holding the demo schema (DSAR_SOURCE_DATABASE_URL). */
    public DemoDataset(PostgresLocation source) {
        this.source = source;
    }

    public SampleUser ensureSampleUser() {
        String sql = script();
        try (Connection connection = DriverManager.getConnection(source.jdbcUrl(), source.user(), source.password())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                try (ResultSet row = statement.executeQuery(sql)) {
                    if (!row.next()) {
                        throw new IllegalStateException("the sample user could be neither found nor inserted");
                    }
                    SampleUser user = new SampleUser(row.getLong("id"), SAMPLE_USER_EMAIL, row.getBoolean("created"));
                    connection.commit();
                    return user;
                }
            } catch (SQLException | RuntimeException failed) {
                connection.rollback();
                throw failed;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert the demo data into " + source.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String script() {
        try (InputStream in = DemoDataset.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
