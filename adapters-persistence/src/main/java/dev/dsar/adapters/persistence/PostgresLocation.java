package dev.dsar.adapters.persistence;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A PostgreSQL database given as a URI ({@code postgresql://user:password@host:port/database?sslmode=…}),
 * turned into what the reactive client and Flyway's JDBC driver each need. Never printed with its password.
 */
public final class PostgresLocation {

    private final PgConnectOptions options;
    /** Null when the URI has none (trust authentication); the reactive client then sends an empty one. */
    private final String password;

    private PostgresLocation(PgConnectOptions options, String password) {
        this.options = options;
        this.password = password;
    }

    /**
     * Parses the URI as libpq would read it, except that the database must be named. Missing parts are not
     * filled with placeholders: no user means the operating system user, no password means none.
     *
     * @throws IllegalArgumentException with a message free of the password if the URI is not usable
     */
    public static PostgresLocation parse(String uri) {
        if (uri == null || !(uri.startsWith("postgresql://") || uri.startsWith("postgres://"))) {
            throw new IllegalArgumentException("expected a URI of the form postgresql://user:password@host:port/database");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException unparsable) {
            throw new IllegalArgumentException("not a valid PostgreSQL URI (postgresql://user:password@host:port/database)");
        }
        String path = parsed.getRawPath();
        if (path == null || path.length() <= 1) {
            throw new IllegalArgumentException("the URI names no database (postgresql://user@host:port/database)");
        }
        String userInfo = parsed.getRawUserInfo();
        boolean hasUser = userInfo != null && !userInfo.isEmpty() && userInfo.charAt(0) != ':';
        boolean hasPassword = userInfo != null && userInfo.indexOf(':') >= 0;
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(uri);
        } catch (RuntimeException unparsable) {
            throw new IllegalArgumentException("not a valid PostgreSQL URI (postgresql://user:password@host:port/database)");
        }
        if (!hasUser) {
            options.setUser(System.getProperty("user.name", "postgres"));
        }
        String password = hasPassword ? options.getPassword() : null;
        options.setPassword(password == null ? "" : password);
        return new PostgresLocation(options, password);
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

    /** May be null (trust authentication, or a password file read by the JDBC driver). */
    public String password() {
        return password;
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
        return new PostgresLocation(connectOptions().setDatabase(database), password);
    }

    /** Back to URI form, as the configuration and the CLI carry it. */
    public String uri() {
        StringBuilder uri = new StringBuilder("postgresql://").append(encode(options.getUser()));
        if (password != null) {
            uri.append(':').append(encode(password));
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
