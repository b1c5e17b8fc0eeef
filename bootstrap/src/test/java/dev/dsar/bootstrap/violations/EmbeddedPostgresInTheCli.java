package dev.dsar.bootstrap.violations;

/** Breaks the embedded-library rule on purpose (test sources only): the library used outside EmbeddedServer. */
public final class EmbeddedPostgresInTheCli {
    public int port(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        return postgres.getPort();
    }
}
