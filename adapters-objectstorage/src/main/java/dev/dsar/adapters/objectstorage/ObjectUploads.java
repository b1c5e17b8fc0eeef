package dev.dsar.adapters.objectstorage;

import dev.dsar.domain.ExportFileName;

/** Opens the upload of one export. Parts of {@link #PART_SIZE} by default: the minimum S3 accepts is 5 MiB. */
public final class ObjectUploads {

    public static final int PART_SIZE = 8 * 1024 * 1024;

    private final ObjectStore store;
    private final int partSize;

    public ObjectUploads(ObjectStore store) {
        this(store, PART_SIZE);
    }

    public ObjectUploads(ObjectStore store, int partSize) {
        this.store = store;
        this.partSize = partSize;
    }

    /** Nothing is sent until the first part is full (or the export completes within one part). */
    public ObjectUpload open(ExportFileName name) {
        return new ObjectUpload(store, name, partSize);
    }
}
