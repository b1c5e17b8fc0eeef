package dev.dsar.adapters.filesystem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one export package, blocking (worker threads only): a ZIP created owner-only under its temporary
 * name, entries streamed through Jackson into the deflater, each entry's and the whole file's SHA-256 and size
 * computed on the way; {@link #finish} syncs it, renames it atomically to its final name and syncs the
 * directory. {@link #discard} removes whatever it created. ZIP64 records are written whenever sizes need them.
 *
 * <p>While a section's rows stream into its JSON entry, its first rows are rendered for {@code index.html}
 * ({@link SectionPreview}) and, with CSV on, the rows are also written as CSV to a spool file beside the package
 * (owner-only, {@code {temporary name}.{section}.csv}) that is copied into the ZIP after the JSON entry and
 * deleted: a ZIP is written one entry at a time.
 */
final class ZipPackageWriter {

    static final int BUFFER = 1 << 16;

    static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final ExportFileName name;
    private final PackageSink sink;
    private final HashingOutputStream file;
    private final ZipOutputStream zip;
    private final String root;
    private final List<PackagedFile> others = new ArrayList<>();
    private final boolean csv;
    /** CSV spools are named after this path: {@code {prefix}.{section}.csv}. */
    private final Path spoolPrefix;
    private final Map<String, PackagedFile> tables = new LinkedHashMap<>();
    private final HumanValues values = new HumanValues(JSON);
    private final SectionPreview.Budget budget = new SectionPreview.Budget();
    private final Map<String, SectionPreview> previews = new HashMap<>();

    private Entry open;

    private ZipPackageWriter(ExportFileName name, PackageSink sink, int level, Path spoolPrefix, boolean csv) {
        this.csv = csv;
        this.spoolPrefix = spoolPrefix;
        this.name = name;
        this.sink = sink;
        this.file = new HashingOutputStream(sink.stream(), false);
        this.zip = new ZipOutputStream(new BufferedOutputStream(file, BUFFER));
        this.zip.setLevel(level);
        this.root = name.packageRoot();
    }

    /** Creates the temporary file, mode 0600; refuses to reuse or follow anything already under that name. */
    static ZipPackageWriter create(Path directory, ExportFileName name, int level) throws IOException {
        return create(directory, name, level, false);
    }

    /** {@code csv}: each array section is also written as {@code {section}.csv}, spooled beside the package. */
    static ZipPackageWriter create(Path directory, ExportFileName name, int level, boolean csv) throws IOException {
        Path temporary = directory.resolve(name.asTemporary().fileName());
        FileChannel channel = createOwnerOnly(temporary);
        return new ZipPackageWriter(name, new DirectorySink(directory, name, channel), level, temporary, csv);
    }

    /**
     * Streams the package into another store's sink (an object store's upload); CSV spools, if any, go to
     * {@code spoolDirectory} (owner-only files, deleted once copied in).
     */
    static ZipPackageWriter into(PackageSink sink, ExportFileName name, int level, Path spoolDirectory, boolean csv) {
        return new ZipPackageWriter(name, sink, level, spoolDirectory.resolve(name.asTemporary().fileName()), csv);
    }

    /** Creates {@code file}, mode 0600; refuses to reuse or follow anything already under that name. */
    static FileChannel createOwnerOnly(Path file) throws IOException {
        return FileChannel.open(file,
                Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(ExportDirectory.FILE_MODE));
    }

    void beginSection(String section, boolean single) throws IOException {
        if (open != null) {
            throw new IllegalStateException("section " + open.name + " is still open");
        }
        SectionPreview preview = new SectionPreview(values, budget);
        previews.put(section, preview);
        CsvSpool spool = csv && !single
                ? CsvSpool.create(spoolPrefix.resolveSibling(spoolPrefix.getFileName() + "." + section + ".csv"), JSON)
                : null;
        try {
            open = new Entry(section, single, preview, spool);
        } catch (IOException | RuntimeException failed) {
            if (spool != null) {
                spool.delete();
            }
            throw failed;
        }
    }

    void writeRows(RowBatch rows) throws IOException {
        SerializableString[] names = RowJson.names(rows.columns());
        for (Object[] row : rows.rows()) {
            open.row(names, row);
        }
        open.preview.accept(rows);
        if (open.spool != null) {
            open.spool.write(rows);
        }
    }

    PackagedFile endSection() throws IOException {
        Entry closing = open;
        PackagedFile written = closing.close();
        open = null;
        if (closing.spool != null) {
            tables.put(closing.section, closing.spool.copyInto(zip, root, closing.section + ".csv", written.records()));
        }
        return written;
    }

    ExportArtifact finish(PackageDescription description) throws IOException {
        PackageDocuments documents = new PackageDocuments(JSON);
        others.add(document(PackageDocuments.REQUEST, documents.request(description)));
        others.add(document(PackageDocuments.INDEX, new IndexPage(description, previews, csv).render()));
        document(PackageDocuments.META, documents.meta(description, tables, others));
        zip.finish();
        zip.flush();
        String sha256 = file.sha256();
        String location = sink.commit(file.count(), sha256);
        return new ExportArtifact(location, file.count(), sha256);
    }

    /** Removes what was written, under whichever name it has, with a CSV spool left open; never throws. */
    void discard() {
        if (open != null && open.spool != null) {
            open.spool.delete();
        }
        sink.discard();
    }

    ExportFileName name() {
        return name;
    }

    private PackagedFile document(String fileName, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(root + fileName);
        zip.putNextEntry(entry);
        HashingOutputStream hashed = new HashingOutputStream(zip, false);
        hashed.write(content, 0, content.length);
        hashed.close();
        zip.closeEntry();
        return new PackagedFile(fileName, -1, hashed.count(), hashed.sha256());
    }

    /** One section's file: an array of rows, one per line, or for a single section an object or null. */
    private final class Entry {
        final String section;
        final String name;
        final boolean single;
        final SectionPreview preview;
        final CsvSpool spool;
        final HashingOutputStream content;
        final JsonGenerator json;
        long rows;

        Entry(String section, boolean single, SectionPreview preview, CsvSpool spool) throws IOException {
            this.section = section;
            this.name = section + ".json";
            this.single = single;
            this.preview = preview;
            this.spool = spool;
            zip.putNextEntry(new ZipEntry(root + name));
            this.content = new HashingOutputStream(zip, false);
            this.json = JSON.createGenerator(content);
            json.setRootValueSeparator(null);
            if (!single) {
                json.writeRaw('[');
            }
        }

        void row(SerializableString[] names, Object[] row) throws IOException {
            if (single && rows > 0) {
                throw new IllegalStateException("section " + name + " holds one row at most");
            }
            if (!single) {
                json.writeRaw(rows == 0 ? "\n" : ",\n");
            }
            RowJson.writeRow(json, names, row);
            rows++;
        }

        PackagedFile close() throws IOException {
            if (single) {
                if (rows == 0) {
                    json.writeNull();
                }
                json.writeRaw('\n');
            } else {
                json.writeRaw(rows == 0 ? "]\n" : "\n]\n");
            }
            json.close();
            content.close();
            zip.closeEntry();
            return new PackagedFile(name, rows, content.count(), content.sha256());
        }
    }
}
