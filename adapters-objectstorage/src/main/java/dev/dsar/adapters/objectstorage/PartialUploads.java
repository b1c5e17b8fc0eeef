package dev.dsar.adapters.objectstorage;

import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.domain.ExportFileName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Incomplete multipart uploads: the object store's partial exports (the {@code .zip.part} of the filesystem).
 * Blocking. An upload is known by its key and its start; it holds no object until completed.
 */
final class PartialUploads {

    private PartialUploads() {
    }

    /**
     * Aborts the uploads of {@code name}'s key (only those started at {@code initiated}, when given); what a
     * dry run would abort is counted without aborting. Parts' sizes are not listed: 0 bytes are reported.
     */
    static FileRemoval abort(ObjectStore store, ExportFileName name, Optional<Instant> initiated, boolean dryRun) {
        String key = store.keys().key(name);
        try {
            List<MultipartUpload> found = new ArrayList<>();
            for (MultipartUpload upload : list(store, key)) {
                if (upload.key().equals(key) && initiated.map(at -> at.equals(upload.initiated())).orElse(true)) {
                    found.add(upload);
                }
            }
            if (found.isEmpty()) {
                return new FileRemoval.AlreadyGone();
            }
            if (!dryRun) {
                for (MultipartUpload upload : found) {
                    store.client().abortMultipartUpload(b -> b.bucket(store.keys().bucket()).key(key)
                            .uploadId(upload.uploadId()));
                }
            }
            return new FileRemoval.Removed(0);
        } catch (SdkException e) {
            if (ObjectFaults.notFound(e)) {
                return new FileRemoval.AlreadyGone();
            }
            return new FileRemoval.Failed(ObjectFaults.describe(e));
        }
    }

    /** Every incomplete upload whose key starts with {@code prefix}, all pages. */
    static List<MultipartUpload> list(ObjectStore store, String prefix) {
        List<MultipartUpload> all = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            String k = keyMarker;
            String u = uploadIdMarker;
            ListMultipartUploadsResponse page = store.client().listMultipartUploads(b -> b
                    .bucket(store.keys().bucket()).prefix(prefix).keyMarker(k).uploadIdMarker(u));
            all.addAll(page.uploads());
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return all;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }
}
