package dev.dsar.adapters.objectstorage;

import dev.dsar.domain.ExportFileName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * One export streamed into the store, blocking (worker threads only). Bytes fill a part buffer; each full part
 * is uploaded before the next is filled, so memory holds one part whatever the export's size. The object
 * appears only when {@link #complete} completes the multipart upload (an export that fits one part is put
 * whole); {@link #abort} aborts the upload, so a failed export leaves no object. The SHA-256 computed while
 * streaming is stored in the object's metadata ({@value #SHA256}).
 */
public final class ObjectUpload {

    /** The user metadata key holding the package's SHA-256 (sent as {@code x-amz-meta-sha256}). */
    public static final String SHA256 = "sha256";
    static final String CONTENT_TYPE = "application/zip";
    /** CopyObject copies at most 5 GiB in one call: above that the checksum stays in the database only. */
    static final long COPY_LIMIT = 5L * 1024 * 1024 * 1024;

    private final ObjectStore store;
    private final String key;
    private final byte[] part;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final OutputStream stream = new PartStream();
    private int filled;
    private String uploadId;
    private boolean completed;

    ObjectUpload(ObjectStore store, ExportFileName name, int partSize) {
        this.store = store;
        this.key = store.keys().key(name);
        this.part = new byte[partSize];
    }

    public OutputStream stream() {
        return stream;
    }

    /** Makes the object visible under its key; answers the location a request stores. */
    public String complete(long bytes, String sha256) throws IOException {
        try {
            Map<String, String> metadata = Map.of(SHA256, sha256);
            if (uploadId == null) {
                store.client().putObject(b -> b.bucket(store.keys().bucket()).key(key).contentType(CONTENT_TYPE)
                        .metadata(metadata), body());
            } else {
                if (filled > 0) {
                    uploadPart();
                }
                store.client().completeMultipartUpload(b -> b.bucket(store.keys().bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
                if (bytes <= COPY_LIMIT) {
                    // Metadata is fixed when an upload starts, before the checksum is known: copied onto itself.
                    store.client().copyObject(b -> b.sourceBucket(store.keys().bucket()).sourceKey(key)
                            .destinationBucket(store.keys().bucket()).destinationKey(key)
                            .metadataDirective(MetadataDirective.REPLACE).contentType(CONTENT_TYPE).metadata(metadata));
                }
            }
            completed = true;
            return store.keys().location(key);
        } catch (SdkException e) {
            throw new IOException(ObjectFaults.describe(e), e);
        }
    }

    /** Aborts the upload, or deletes the object once completed; never throws. */
    public void abort() {
        try {
            if (completed) {
                store.client().deleteObject(b -> b.bucket(store.keys().bucket()).key(key));
            } else if (uploadId != null) {
                store.client().abortMultipartUpload(b -> b.bucket(store.keys().bucket()).key(key).uploadId(uploadId));
            }
        } catch (SdkException ignored) {
            // an upload left behind is aborted by cleanup (and by the bucket's lifecycle rule)
        }
    }

    /** The buffered bytes, read again from the buffer on a retry: never copied. */
    private RequestBody body() {
        int length = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, CONTENT_TYPE);
    }

    private void uploadPart() {
        if (uploadId == null) {
            uploadId = store.client().createMultipartUpload(b -> b.bucket(store.keys().bucket()).key(key)
                    .contentType(CONTENT_TYPE)).uploadId();
        }
        int number = parts.size() + 1;
        String etag = store.client().uploadPart(b -> b.bucket(store.keys().bucket()).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) filled), body())
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    private final class PartStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                while (length > 0) {
                    int n = Math.min(length, part.length - filled);
                    System.arraycopy(bytes, offset, part, filled, n);
                    filled += n;
                    offset += n;
                    length -= n;
                    if (filled == part.length) {
                        uploadPart();
                    }
                }
            } catch (SdkException e) {
                throw new IOException(ObjectFaults.describe(e), e);
            }
        }
    }
}
