package dev.dsar.application.port.out;

import dev.dsar.domain.ExportFileName;
import java.time.Instant;

/**
 * A regular file found directly in the export directory under an export name. {@code storagePath} is the path
 * a request would store for it (the export directory plus the name).
 */
public record StoredExportFile(ExportFileName name, String storagePath, long bytes, Instant modifiedAt) {
}
