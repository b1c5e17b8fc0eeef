package dev.dsar.adapters.filesystem;

import com.fasterxml.jackson.core.JsonFactory;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.RowBatch;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A section's CSV while its JSON entry is being written: a ZIP takes one entry at a time, so the CSV goes to an
 * owner-only file beside the package, is copied into the ZIP once the JSON entry is closed, and is deleted (also
 * when the attempt fails: {@link #delete} never throws).
 */
final class CsvSpool {

    private final Path path;
    private final OutputStream out;
    private final CsvRows rows;

    private CsvSpool(Path path, OutputStream out, JsonFactory json) {
        this.path = path;
        this.out = out;
        this.rows = new CsvRows(out, json);
    }

    /** Creates the spool file, owner-only ({@link ZipPackageWriter#createOwnerOnly}). */
    static CsvSpool create(Path path, JsonFactory json) throws IOException {
        FileChannel channel = ZipPackageWriter.createOwnerOnly(path);
        return new CsvSpool(path, new BufferedOutputStream(Channels.newOutputStream(channel),
                ZipPackageWriter.BUFFER), json);
    }

    void write(RowBatch batch) throws IOException {
        rows.write(batch);
    }

    /** Copies the CSV into {@code zip} as {@code root + fileName}, then deletes the spool. */
    PackagedFile copyInto(ZipOutputStream zip, String root, String fileName, long records) throws IOException {
        try {
            rows.finish();
            out.close();
            zip.putNextEntry(new ZipEntry(root + fileName));
            HashingOutputStream hashed = new HashingOutputStream(zip, false);
            Files.copy(path, hashed);
            hashed.close();
            zip.closeEntry();
            return new PackagedFile(fileName, records, hashed.count(), hashed.sha256());
        } finally {
            delete();
        }
    }

    void delete() {
        try {
            out.close();
        } catch (IOException ignored) {
            // deleting is what matters
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a spool left behind carries the package's temporary name (docs/exports.md)
        }
    }
}
