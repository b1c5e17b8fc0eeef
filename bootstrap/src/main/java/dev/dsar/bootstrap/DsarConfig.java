package dev.dsar.bootstrap;

import dev.dsar.adapters.http.DownloadCaches;
import dev.dsar.adapters.http.HttpConnectionSettings;
import dev.dsar.adapters.http.pages.FrameAncestors;
import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.StoredFilePolicy;
import java.lang.management.ManagementFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every setting of the service, read once from the environment and validated: a bad value stops start-up with
 * a message naming the variable. See the configuration table in README.md.
 */
public record DsarConfig(
        PostgresLocation database,
        PostgresLocation sourceDatabase,
        String httpHost,
        int httpPort,
        Path exportStoragePath,
        RetentionPolicy retention,
        boolean cleanupEnabled,
        Duration cleanupInterval,
        Duration orphanGrace,
        Optional<Path> sectionsConfig,
        Optional<String> jwtSecret,
        Optional<String> jwtIssuer,
        Optional<String> jwtAudience,
        int exportConcurrency,
        boolean exportWorkerEnabled,
        Optional<Duration> auditRetention,
        String instanceId,
        HttpConnectionSettings http,
        DownloadCaches downloadCaches,
        ResponseDeadline responseDeadline,
        Optional<String> linkSecret,
        Duration linkTtl,
        boolean exportCsv,
        WebhookSettings webhooks,
        FrameAncestors frameAncestors,
        StorageConfig storage) {

    public static final String DEFAULT_DATABASE_URL = "postgresql://postgres@localhost:5432/postgres";
    public static final String DEFAULT_EXPORT_STORAGE_PATH = "./exports/dsar";
    /** How long a signed download link works at most (contract §7.2). */
    public static final Duration DEFAULT_LINK_TTL = Duration.ofMinutes(15);

    /** Reads the process environment. */
    public static DsarConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static DsarConfig from(Map<String, String> env) {
        Reader read = new Reader(env);
        PostgresLocation database = read.database("DSAR_DATABASE_URL", DEFAULT_DATABASE_URL);
        PostgresLocation source = read.optional("DSAR_SOURCE_DATABASE_URL").isPresent()
                ? read.database("DSAR_SOURCE_DATABASE_URL", null)
                : database;
        // Both forms are checked even when the ISO one wins: a typo in either stops start-up.
        Duration retentionDays = Duration.ofDays(read.positiveInt("GDPR_DSAR_EXPORT_RETENTION_DAYS",
                (int) RetentionPolicy.DEFAULT_RETENTION.toDays(), 36_500));
        Duration retention = read.optionalDuration("DSAR_EXPORT_RETENTION").orElse(retentionDays);
        Duration failedRetention = read.duration("DSAR_FAILED_EXPORT_RETENTION", RetentionPolicy.DEFAULT_FAILED_RETENTION);
        Duration intervalMinutes = Duration.ofMinutes(read.positiveInt("CLEANUP_INTERVAL_MINUTES", 60, 525_600));
        Duration cleanupInterval = read.optionalDuration("DSAR_CLEANUP_INTERVAL").orElse(intervalMinutes);
        return new DsarConfig(
                database,
                source,
                read.text("DSAR_HTTP_HOST", "0.0.0.0"),
                read.intIn("DSAR_HTTP_PORT", 8080, 0, 65_535),
                // Relative to the installation directory, so that every command finds the same files.
                InstallationDirectory.resolve(read.path("EXPORT_STORAGE_PATH", DEFAULT_EXPORT_STORAGE_PATH)),
                new RetentionPolicy(retention, failedRetention),
                read.bool("CLEANUP_ENABLED", true),
                cleanupInterval,
                read.duration("CLEANUP_ORPHAN_GRACE", StoredFilePolicy.DEFAULT_ORPHAN_GRACE),
                read.optional("DSAR_SECTIONS_CONFIG").map(value -> read.path("DSAR_SECTIONS_CONFIG", value)),
                read.optional("DSAR_JWT_SECRET"),
                read.optional("DSAR_JWT_ISSUER"),
                read.optional("DSAR_JWT_AUDIENCE"),
                read.positiveInt("DSAR_EXPORT_CONCURRENCY", 2, 64),
                read.bool("DSAR_EXPORT_WORKER_ENABLED", true),
                read.optionalDuration("DSAR_AUDIT_RETENTION"),
                read.optional("DSAR_INSTANCE_ID").orElseGet(() -> defaultInstanceId(read.optional("HOSTNAME"))),
                new HttpConnectionSettings(
                        read.duration("DSAR_HTTP_IDLE_TIMEOUT", HttpConnectionSettings.DEFAULT_IDLE_TIMEOUT),
                        read.duration("DSAR_HTTP_HEADER_TIMEOUT", HttpConnectionSettings.DEFAULT_HEADER_TIMEOUT),
                        read.positiveInt("DSAR_HTTP_MAX_CONNECTIONS", HttpConnectionSettings.defaultMaxConnections(
                                HttpConnectionSettings.processDescriptorLimit()), 1_000_000),
                        read.bool("DSAR_HTTP2_CLEARTEXT", false)),
                new DownloadCaches(read.positiveInt("DSAR_DOWNLOAD_CACHE_ENTRIES", DownloadCaches.DEFAULT_ENTRIES, 10_000_000),
                        read.intIn("DSAR_DOWNLOAD_CACHE_MIB", DownloadCaches.DEFAULT_FILE_MIB, 0, 1_048_576) * 1024L * 1024),
                new ResponseDeadline(read.duration("DSAR_RESPONSE_DEADLINE", ResponseDeadline.DEFAULT_DEADLINE)),
                read.optional("DSAR_LINK_SECRET").map(DsarConfig::requireUsableLinkSecret),
                read.duration("DSAR_LINK_TTL", DEFAULT_LINK_TTL),
                read.csvFormat("DSAR_EXPORT_FORMATS"),
                WebhookSettings.read(read),
                read.frameAncestors("DSAR_FRAME_ANCESTORS"),
                StorageConfig.read(read));
    }

    /** A link key of its own must be as long as the hash output, like the JWT secret (RFC 2104 §3). */
    private static String requireUsableLinkSecret(String secret) {
        int bytes = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes < 32) {
            throw new ConfigurationException("DSAR_LINK_SECRET", "too short (" + bytes + " bytes): use a random secret"
                    + " of at least 32 bytes, or leave it unset to derive the link key from DSAR_JWT_SECRET");
        }
        return secret;
    }

    /** The JWT secret, required by the commands that verify or mint tokens. */
    public String requireJwtSecret() {
        String secret = jwtSecret.orElseThrow(() -> new ConfigurationException("DSAR_JWT_SECRET",
                "required: set it to a random secret of at least 32 bytes (HS256 key)"));
        return requireUsableJwtSecret(secret);
    }

    /** A secret that is set must be long enough, whether or not the command needs one yet. */
    public static String requireUsableJwtSecret(String secret) {
        // RFC 7518 §3.2: an HS256 key shorter than the hash output makes tokens easier to forge.
        int bytes = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes < 32) {
            throw new ConfigurationException("DSAR_JWT_SECRET", "too short (" + bytes + " bytes): use a random secret"
                    + " of at least 32 bytes, e.g. $(head -c 32 /dev/urandom | base64)");
        }
        return secret;
    }

    public DsarConfig withJwtSecret(String secret) {
        return new DsarConfig(database, sourceDatabase, httpHost, httpPort, exportStoragePath, retention,
                cleanupEnabled, cleanupInterval, orphanGrace, sectionsConfig, Optional.of(secret), jwtIssuer,
                jwtAudience, exportConcurrency, exportWorkerEnabled, auditRetention, instanceId, http, downloadCaches,
                responseDeadline, linkSecret, linkTtl, exportCsv, webhooks, frameAncestors, storage);
    }

    /** The same settings with the export worker running, whatever DSAR_EXPORT_WORKER_ENABLED says. */
    public DsarConfig withExportWorker() {
        return new DsarConfig(database, sourceDatabase, httpHost, httpPort, exportStoragePath, retention,
                cleanupEnabled, cleanupInterval, orphanGrace, sectionsConfig, jwtSecret, jwtIssuer,
                jwtAudience, exportConcurrency, true, auditRetention, instanceId, http, downloadCaches, responseDeadline,
                linkSecret, linkTtl, exportCsv, webhooks, frameAncestors, storage);
    }

    private static String defaultInstanceId(Optional<String> hostname) {
        String host = hostname.orElse("host");
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    /** Reads and checks one variable at a time; every failure names it. */
    static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        Optional<String> optional(String name) {
            return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
        }

        String text(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        int positiveInt(String name, int fallback, int max) {
            return intIn(name, fallback, 1, max);
        }

        int intIn(String name, int fallback, int min, int max) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(raw.get());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new ConfigurationException(name,
                    "expected a whole number from " + min + " to " + max + ", got '" + raw.get() + "'");
        }

        /** {@code json} (the default) or {@code json,csv}: whether packages also hold a CSV file per array section. */
        boolean csvFormat(String name) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                return false;
            }
            List<String> formats = Arrays.stream(raw.get().split(",", -1))
                    .map(format -> format.trim().toLowerCase(Locale.ROOT)).toList();
            if (formats.equals(List.of("json"))) {
                return false;
            }
            if (formats.equals(List.of("json", "csv")) || formats.equals(List.of("csv", "json"))) {
                return true;
            }
            throw new ConfigurationException(name, "expected json or json,csv, got '" + raw.get() + "'");
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                return fallback;
            }
            switch (raw.get().toLowerCase(Locale.ROOT)) {
                case "true": case "1": case "yes": case "on":
                    return true;
                case "false": case "0": case "no": case "off":
                    return false;
                default:
                    throw new ConfigurationException(name, "expected true or false, got '" + raw.get() + "'");
            }
        }

        Duration duration(String name, Duration fallback) {
            return optionalDuration(name).orElse(fallback);
        }

        Optional<Duration> optionalDuration(String name) {
            return optional(name).map(raw -> {
                try {
                    Duration value = Duration.parse(raw);
                    if (!value.isNegative() && !value.isZero()) {
                        return value;
                    }
                } catch (DateTimeParseException notADuration) {
                    // reported below
                }
                throw new ConfigurationException(name,
                        "expected a positive ISO-8601 duration such as PT5S, PT1H or P30D, got '" + raw + "'");
            });
        }

        Path path(String name, String fallback) {
            String raw = optional(name).orElse(fallback);
            try {
                return Path.of(raw);
            } catch (InvalidPathException invalid) {
                throw new ConfigurationException(name, "not a valid path");
            }
        }

        /** The pages' frame-ancestors sources; a value that could break out of the directive is refused. */
        FrameAncestors frameAncestors(String name) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                return FrameAncestors.NONE;
            }
            try {
                return FrameAncestors.parse(raw.get());
            } catch (IllegalArgumentException invalid) {
                throw new ConfigurationException(name, invalid.getMessage());
            }
        }

        /** The value may hold a password: it is never repeated in the message. */
        PostgresLocation database(String name, String fallback) {
            String raw = optional(name).orElse(fallback);
            try {
                return PostgresLocation.parse(raw);
            } catch (IllegalArgumentException invalid) {
                // The other accepted value, resolved by the command line before this is read (README).
                throw new ConfigurationException(name, invalid.getMessage() + ", or embedded for the embedded PostgreSQL");
            }
        }
    }
}
