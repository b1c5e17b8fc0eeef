package dev.dsar.adapters.objectstorage;

import java.net.URI;
import java.util.Optional;

/**
 * Where exports are kept in an S3-compatible store. {@code endpoint} empty means AWS itself; {@code prefix} is
 * empty or ends with {@code /}, and every key the service writes, reads, lists or deletes starts with it.
 */
public record ObjectStoreSettings(Optional<URI> endpoint, String region, String bucket, String prefix,
                                  boolean pathStyle) {

    public ObjectStoreSettings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("a bucket is required");
        }
        if (prefix == null || !(prefix.isEmpty() || prefix.endsWith("/")) || prefix.startsWith("/")) {
            throw new IllegalArgumentException("the prefix is empty or ends with / (and does not start with /)");
        }
    }
}
