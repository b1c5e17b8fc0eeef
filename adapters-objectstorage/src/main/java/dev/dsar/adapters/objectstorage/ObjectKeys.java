package dev.dsar.adapters.objectstorage;

import dev.dsar.domain.ExportFileName;
import java.util.Optional;

/**
 * The one mapping between export names and object keys: {@code {prefix}dsar_{ref}_{yyyyMMdd_HHmmss}.zip}, stored
 * by requests as {@code s3://{bucket}/{key}}. A stored location or a listed key is accepted only if it is exactly
 * that (this bucket, this prefix, nothing between prefix and name, a final export name); anything else is refused,
 * so that no key outside the prefix is ever read or deleted.
 */
final class ObjectKeys {

    static final String SCHEME = "s3://";

    private final String bucket;
    private final String prefix;

    ObjectKeys(String bucket, String prefix) {
        this.bucket = bucket;
        this.prefix = prefix;
    }

    String bucket() {
        return bucket;
    }

    String prefix() {
        return prefix;
    }

    String key(ExportFileName name) {
        return prefix + name.asFinal().fileName();
    }

    String location(String key) {
        return SCHEME + bucket + "/" + key;
    }

    String location(ExportFileName name) {
        return location(key(name));
    }

    /** The export name a listed key carries, if it is one directly under the prefix. */
    Optional<ExportFileName> recognise(String key) {
        if (key == null || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        return ExportFileName.recognise(key.substring(prefix.length())).filter(name -> !name.temporary());
    }

    /** The key a stored location names, or why it is refused. */
    Resolution resolveStored(String location) {
        String expected = SCHEME + bucket + "/";
        if (location == null || !location.startsWith(expected)) {
            return Resolution.refused("not a location in bucket " + bucket);
        }
        String key = location.substring(expected.length());
        if (!key.startsWith(prefix)) {
            return Resolution.refused("outside the prefix " + prefix);
        }
        Optional<ExportFileName> name = ExportFileName.recognise(key.substring(prefix.length()));
        if (name.isEmpty()) {
            return Resolution.refused("not an export object name");
        }
        if (name.get().temporary()) {
            return Resolution.refused("not a finished export");
        }
        return new Resolution(Optional.of(key), null);
    }

    record Resolution(Optional<String> key, String refusal) {
        static Resolution refused(String why) {
            return new Resolution(Optional.empty(), why);
        }
    }
}
