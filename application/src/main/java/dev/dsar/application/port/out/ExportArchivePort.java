package dev.dsar.application.port.out;

import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import io.vertx.core.Future;

/**
 * Writes an export package: a ZIP under the temporary form of its name, entries streamed one after the other,
 * made final (and durable) only by {@link ExportArchive#finish}. Faults of the disk fail the futures with an
 * {@link dev.dsar.domain.ExportFault}.
 */
public interface ExportArchivePort {

    Future<ExportArchive> create(ExportFileName name);

    /** One package being written. Calls are made one after the other, each once the previous one completed. */
    interface ExportArchive {

        /** Opens {@code {section}.json}: an array of row objects, or for a single section one object or null. */
        Future<Void> beginSection(String section, boolean single);

        /** Appends rows to the open section. */
        Future<Void> writeRows(RowBatch rows);

        /** Closes the open section's file. */
        Future<PackagedFile> endSection();

        /**
         * Adds the request's description, the manifest and the human-readable index, then makes the file final:
         * synced, renamed atomically to its final name, owner-only permissions.
         */
        Future<ExportArtifact> finish(PackageDescription description);

        /** Removes what this archive wrote (the temporary file, or the final one after finish). Never fails. */
        Future<Void> discard();
    }
}
