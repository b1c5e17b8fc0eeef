package dev.dsar.bootstrap;

import dev.dsar.adapters.http.RemoteExports;
import dev.dsar.adapters.objectstorage.ObjectStoreSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where exports are kept (contract §7.3): {@code DSAR_STORAGE} = {@code filesystem} (the export directory,
 * default) or {@code s3} (an S3-compatible bucket, with the {@code DSAR_S3_*} settings; credentials come from the
 * AWS SDK's default chain, e.g. {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, never from here).
 */
public record StorageConfig(Kind kind, Optional<ObjectStoreSettings> objectStore, RemoteExports.Mode download,
                            Duration presignTtl) {

    public enum Kind { FILESYSTEM, S3 }

    public static final Duration DEFAULT_PRESIGN_TTL = Duration.ofMinutes(1);

    public static StorageConfig filesystem() {
        return new StorageConfig(Kind.FILESYSTEM, Optional.empty(), RemoteExports.Mode.REDIRECT, DEFAULT_PRESIGN_TTL);
    }

    static StorageConfig read(DsarConfig.Reader read) {
        String kind = read.text("DSAR_STORAGE", "filesystem").toLowerCase(Locale.ROOT);
        if (kind.equals("filesystem")) {
            return filesystem();
        }
        if (!kind.equals("s3")) {
            throw new ConfigurationException("DSAR_STORAGE", "expected filesystem or s3, got '" + kind + "'");
        }
        String bucket = read.optional("DSAR_S3_BUCKET").orElseThrow(() -> new ConfigurationException("DSAR_S3_BUCKET",
                "required with DSAR_STORAGE=s3: the bucket exports are kept in"));
        Optional<URI> endpoint = read.optional("DSAR_S3_ENDPOINT").map(raw -> {
            try {
                URI uri = URI.create(raw);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException invalid) {
                // reported below
            }
            throw new ConfigurationException("DSAR_S3_ENDPOINT", "expected an http(s) URL such as https://minio:9000");
        });
        String prefix = read.text("DSAR_S3_PREFIX", "dsar/");
        if (prefix.startsWith("/") || !(prefix.isEmpty() || prefix.endsWith("/")) || prefix.contains("..")) {
            throw new ConfigurationException("DSAR_S3_PREFIX", "expected a key prefix ending with / (such as dsar/),"
                    + " not starting with / and without '..'");
        }
        String mode = read.text("DSAR_S3_DOWNLOAD", "redirect").toLowerCase(Locale.ROOT);
        RemoteExports.Mode download;
        switch (mode) {
            case "redirect": download = RemoteExports.Mode.REDIRECT; break;
            case "proxy": download = RemoteExports.Mode.PROXY; break;
            default: throw new ConfigurationException("DSAR_S3_DOWNLOAD", "expected redirect or proxy, got '" + mode + "'");
        }
        Duration ttl = read.duration("DSAR_S3_PRESIGN_TTL", DEFAULT_PRESIGN_TTL);
        if (ttl.compareTo(Duration.ofDays(7)) > 0) {
            throw new ConfigurationException("DSAR_S3_PRESIGN_TTL", "at most P7D (the longest a presigned URL is valid)");
        }
        return new StorageConfig(Kind.S3, Optional.of(new ObjectStoreSettings(endpoint,
                read.text("DSAR_S3_REGION", "us-east-1"), bucket, prefix, read.bool("DSAR_S3_PATH_STYLE", false))),
                download, ttl);
    }
}
