package dev.dsar.domain;

import java.util.regex.Pattern;

/** A finished export file: where it lies, how big it is and its SHA-256 (lowercase hex). */
public record ExportArtifact(String storagePath, long bytes, String sha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ExportArtifact {
        if (storagePath == null || storagePath.isBlank()) {
            throw new IllegalArgumentException("an export artifact has a storage path");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("an export artifact has a non-negative size");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("an export artifact has a lowercase hex SHA-256");
        }
    }
}
