package dev.dsar.application.port.out;

import dev.dsar.domain.DsarRequest;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** What the database knows of files found in the export directory, in one round trip per batch. */
public interface ExportFileOwnersPort {

    /** One answer per file, in the same order. */
    Future<List<Ownership>> ownership(List<StoredExportFile> files);

    /**
     * {@code referenced}: some request stores this very path. {@code owner}: the request whose reference the
     * file name carries, if one exists.
     */
    record Ownership(boolean referenced, Optional<DsarRequest> owner) {
    }
}
