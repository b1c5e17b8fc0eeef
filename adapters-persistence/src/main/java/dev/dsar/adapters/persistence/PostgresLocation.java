package dev.dsar.adapters.persistence;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/**
 * A PostgreSQL database given as a URI ({@code postgresql://user:password@host:port/database?sslmode=…}),
 * turned into what the reactive client and Flyway's JDBC driver each need. Never printed with its password.
 */
public final class PostgresLocation {

    private final PgConnectOptions options;

    private PostgresLocation(PgConnectOptions options) {
        this.options = options;
    }

    /** @throws IllegalArgumentException with a message free of the password if the URI is not usable */
    public static PostgresLocation parse(String uri) {
        if (uri == null || !(uri.startsWith("postgresql://") || uri.startsWith("postgres://"))) {
            throw new IllegalArgumentException("expected a URI of the form postgresql://user:password@host:port/database");
        }
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(uri);
        } catch (RuntimeException unparsable) {
            throw new IllegalArgumentException("not a valid PostgreSQL URI (postgresql://user:password@host:port/database)");
        }
        if (options.getDatabase() == null || options.getDatabase().isBlank()) {
            throw new IllegalArgumentException("the URI names no database (postgresql://user@host:port/database)");
        }
        return new PostgresLocation(options);
    }

    /** A fresh copy each time: callers tune pool and pipelining settings on their own. */
    public PgConnectOptions connectOptions() {
        return new PgConnectOptions(options);
    }

    public String jdbcUrl() {
        String host = options.getHost().contains(":") ? "[" + options.getHost() + "]" : options.getHost();
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(options.getPort())
                .append('/').append(encode(options.getDatabase())).append("?ApplicationName=dsar-export");
        SslMode ssl = options.getSslMode();
        if (ssl != null && ssl != SslMode.DISABLE) {
            url.append("&sslmode=").append(ssl.value);
        }
        return url.toString();
    }

    public String user() {
        return options.getUser();
    }

    /** May be null (trust or peer authentication). */
    public String password() {
        return options.getPassword();
    }

    public String database() {
        return options.getDatabase();
    }

    /** For logs and error messages: host, port, database and user, no password. */
    public String describe() {
        return options.getUser() + "@" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    }

    /** The same server and credentials, another database (tests create one per class). */
    public PostgresLocation withDatabase(String database) {
        return new PostgresLocation(connectOptions().setDatabase(database));
    }

    /** Back to URI form, as the configuration and the CLI carry it. */
    public String uri() {
        StringBuilder uri = new StringBuilder("postgresql://").append(encode(options.getUser()));
        if (options.getPassword() != null) {
            uri.append(':').append(encode(options.getPassword()));
        }
        String host = options.getHost().contains(":") ? "[" + options.getHost() + "]" : options.getHost();
        return uri.append('@').append(host).append(':').append(options.getPort()).append('/')
                .append(encode(options.getDatabase())).toString();
    }

    private static String encode(String part) {
        return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return describe();
    }
}
