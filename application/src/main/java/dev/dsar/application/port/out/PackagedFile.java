package dev.dsar.application.port.out;

/** A file inside the package: its name in the root folder, rows (sections only, else -1), size and SHA-256. */
public record PackagedFile(String name, long records, long bytes, String sha256) {
}
