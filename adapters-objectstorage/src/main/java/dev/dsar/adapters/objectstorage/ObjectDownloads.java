package dev.dsar.adapters.objectstorage;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Downloads of exports kept in the store: a presigned GET (signed locally, no request to the store) valid for
 * {@code lifetime} but never past the export's expiry, naming the file and forbidding caches; or the object's
 * bytes read through the service (blocking: worker threads only).
 *
 * <p>A presigned URL is reused for half its lifetime: signing (SigV4, a chain of HMACs) on every redirect was the
 * redirect's main cost (docs/performance.md, "Object storage"), and a URL is only ever handed to its export's
 * owner after the same checks. A reused URL has at least half its lifetime left, and never outlasts the export
 * (it was signed no further than the export's expiry).
 */
public final class ObjectDownloads {

    /** The shortest lifetime signed: an export about to expire is still fetched by a client that follows at once. */
    static final Duration MINIMUM = Duration.ofSeconds(1);

    /** URLs kept at most (one per export downloaded within half a lifetime). */
    static final int KEPT = 50_000;

    private final ObjectStore store;
    private final Duration lifetime;
    private final Clock clock;
    private final Cache<String, String> signed;

    public ObjectDownloads(ObjectStore store, Duration lifetime, Clock clock) {
        this.store = store;
        this.lifetime = lifetime;
        this.clock = clock;
        this.signed = Caffeine.newBuilder().maximumSize(KEPT).expireAfterWrite(lifetime.dividedBy(2))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** A URL valid {@code lifetime}, or until {@code notAfter} if sooner; refused for a location not in the prefix. */
    public String presignedGet(String storagePath, String fileName, Instant notAfter) {
        return signed.get(storagePath + "\n" + fileName, ignored -> sign(storagePath, fileName, notAfter));
    }

    private String sign(String storagePath, String fileName, Instant notAfter) {
        String key = key(storagePath);
        Duration left = Duration.between(clock.instant(), notAfter);
        Duration valid = left.compareTo(lifetime) < 0 ? left : lifetime;
        Duration signed = valid.compareTo(MINIMUM) < 0 ? MINIMUM : valid.withNanos(0);
        GetObjectRequest get = GetObjectRequest.builder().bucket(store.keys().bucket()).key(key)
                .responseContentDisposition("attachment; filename=\"" + fileName + "\"")
                .responseContentType(ObjectUpload.CONTENT_TYPE)
                .responseCacheControl("no-store")
                .build();
        return store.presigner().presignGetObject(p -> p.signatureDuration(signed).getObjectRequest(get)).url().toString();
    }

    /** Bytes {@code [offset, offset + length)} of the object; empty if it is gone. Blocking. */
    public Optional<InputStream> open(String storagePath, long offset, long length) {
        String key = key(storagePath);
        if (length == 0) {
            return Optional.of(InputStream.nullInputStream());
        }
        try {
            return Optional.of(store.client().getObject(b -> b.bucket(store.keys().bucket()).key(key)
                    .range("bytes=" + offset + "-" + (offset + length - 1))));
        } catch (SdkException e) {
            if (ObjectFaults.notFound(e)) {
                return Optional.empty();
            }
            throw ObjectFaults.classify(e);
        }
    }

    private String key(String storagePath) {
        ObjectKeys.Resolution resolution = store.keys().resolveStored(storagePath);
        return resolution.key().orElseThrow(() -> new IllegalArgumentException(resolution.refusal()));
    }
}
