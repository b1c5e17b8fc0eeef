package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresLocationTest {

    @Test
    void uriWithCredentialsBecomesAJdbcUrlAndCredentials() {
        PostgresLocation location = PostgresLocation.parse("postgresql://app:s3cret@db.internal:6432/gdpr");

        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/gdpr?ApplicationName=dsar-export");
        assertThat(location.user()).isEqualTo("app");
        assertThat(location.password()).isEqualTo("s3cret");
        assertThat(location.database()).isEqualTo("gdpr");
    }

    @Test
    void descriptionNeverShowsThePassword() {
        PostgresLocation location = PostgresLocation.parse("postgresql://app:s3cret@db.internal:6432/gdpr");

        assertThat(location.describe()).isEqualTo("app@db.internal:6432/gdpr").doesNotContain("s3cret");
        assertThat(location.toString()).doesNotContain("s3cret");
    }

    @Test
    void sslModeIsCarriedToJdbc() {
        PostgresLocation location = PostgresLocation.parse("postgresql://app@db:5432/gdpr?sslmode=require");

        assertThat(location.jdbcUrl()).endsWith("&sslmode=require");
    }

    @Test
    void uriRoundTripsThroughAnotherDatabase() {
        PostgresLocation location = PostgresLocation.parse("postgres://app:p%40ss@db:5432/gdpr").withDatabase("other");

        assertThat(PostgresLocation.parse(location.uri()).password()).isEqualTo("p@ss");
        assertThat(PostgresLocation.parse(location.uri()).database()).isEqualTo("other");
    }

    @Test
    void somethingOtherThanAPostgresUriIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> PostgresLocation.parse("mysql://root:hunter2@db/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql://app@db:5432/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database");
    }

    @Test
    void missingPasswordStaysMissingInsteadOfAPlaceholder() {
        PostgresLocation location = PostgresLocation.parse("postgresql://postgres@localhost:5432/postgres");

        assertThat(location.password()).isNull();
        assertThat(location.uri()).isEqualTo("postgresql://postgres@localhost:5432/postgres");
        assertThat(location.connectOptions().getPassword()).isEmpty();
    }

    @Test
    void missingUserIsTheOperatingSystemUserAsWithLibpq() {
        PostgresLocation location = PostgresLocation.parse("postgresql://localhost:5432/gdpr");

        assertThat(location.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(location.password()).isNull();
    }

    @Test
    void uriWithoutADatabaseIsRefusedSayingSo() {
        for (String uri : new String[] {"postgresql://u:hunter2@h:5432", "postgresql://u:hunter2@h:5432/"}) {
            assertThatThrownBy(() -> PostgresLocation.parse(uri))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names no database")
                    .hasMessageNotContaining("hunter2");
        }
    }
}
