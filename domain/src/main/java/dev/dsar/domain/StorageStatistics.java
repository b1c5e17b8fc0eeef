package dev.dsar.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What the export directory holds: regular files under an export name, finished ({@code .zip}) and partial
 * ({@code .zip.part}) alike. {@code oldestFile}/{@code newestFile} are the earliest and latest modification
 * times among them; empty when there is none.
 */
public record StorageStatistics(long totalFiles, long totalBytes, Optional<Instant> oldestFile,
                                Optional<Instant> newestFile) {

    public static StorageStatistics empty() {
        return new StorageStatistics(0, 0, Optional.empty(), Optional.empty());
    }
}
