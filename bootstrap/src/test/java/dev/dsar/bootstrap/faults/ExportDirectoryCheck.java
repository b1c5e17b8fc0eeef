package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.domain.ExportFileName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a fault may never leave behind: a file under a final export name that is not a whole export. Every
 * {@code dsar_*.zip} must be a readable ZIP whose size and SHA-256 are those its request row records.
 */
final class ExportDirectoryCheck {

    /** What the directory holds: final export files (each checked) and temporary ones. */
    record Contents(List<Path> finalFiles, List<Path> partialFiles) {
    }

    private ExportDirectoryCheck() {
    }

    static Contents everyFinalFileIsAWholeExport(Path directory, Sql db) {
        Map<String, Map<String, String>> rowsByPath = db.rows(
                        "SELECT export_storage_path, export_bytes_size, export_sha256 FROM dsar_requests"
                                + " WHERE export_storage_path IS NOT NULL").stream()
                .collect(Collectors.toMap(row -> row.get("export_storage_path"), row -> row));
        List<Path> names = list(directory);
        List<Path> finals = names.stream().filter(file -> ExportFileName.recognise(file.getFileName().toString())
                .filter(name -> !name.temporary()).isPresent()).toList();
        List<Path> partials = names.stream().filter(file -> ExportFileName.recognise(file.getFileName().toString())
                .filter(ExportFileName::temporary).isPresent()).toList();
        for (Path file : finals) {
            Map<String, String> row = rowsByPath.get(file.toString());
            assertThat(row).as("the request row naming %s", file.getFileName()).isNotNull();
            assertThat(size(file)).as("size of %s", file.getFileName()).isEqualTo(Long.parseLong(row.get("export_bytes_size")));
            assertThat(sha256(file)).as("SHA-256 of %s", file.getFileName()).isEqualTo(row.get("export_sha256"));
            assertReadableZip(file);
        }
        return new Contents(finals, partials);
    }

    static List<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every entry read to its end: the CRCs and sizes of the central directory are checked on the way. */
    static void assertReadableZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            byte[] buffer = new byte[1 << 16];
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // reading is the check
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(file.getFileName() + " is not a whole ZIP: " + e.getMessage(), e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
