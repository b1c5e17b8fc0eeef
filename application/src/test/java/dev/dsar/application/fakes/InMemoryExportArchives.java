package dev.dsar.application.fakes;

import dev.dsar.application.port.out.ExportArchivePort;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportFileName;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Archives in memory: what each section received, the description given to finish, and whether the archive
 * was discarded. A finished archive is also put into an {@link InMemoryExportStorage}, as the real file
 * would appear in the export directory. A test may make creation or finishing fail.
 */
public final class InMemoryExportArchives implements ExportArchivePort {

    public static final String SHA256 = "ab".repeat(32);

    private final InMemoryExportStorage storage;
    private final List<Archive> created = new ArrayList<>();
    private ExportFault failCreate;
    private ExportFault failFinish;

    public InMemoryExportArchives(InMemoryExportStorage storage) {
        this.storage = storage;
    }

    public void failCreateWith(ExportFault fault) {
        failCreate = fault;
    }

    public void failFinishWith(ExportFault fault) {
        failFinish = fault;
    }

    public List<Archive> created() {
        return List.copyOf(created);
    }

    public Archive last() {
        return created.get(created.size() - 1);
    }

    @Override
    public Future<ExportArchive> create(ExportFileName name) {
        if (failCreate != null) {
            return Future.failedFuture(failCreate);
        }
        Archive archive = new Archive(name);
        created.add(archive);
        return Future.succeededFuture(archive);
    }

    public final class Archive implements ExportArchive {
        public final ExportFileName name;
        /** Section → rows as written (column → value), in order. */
        public final Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
        public PackageDescription description;
        public ExportArtifact artifact;
        public boolean discarded;
        private String open;

        Archive(ExportFileName name) {
            this.name = name;
        }

        public String path() {
            return InMemoryExportStorage.EXPORT_DIRECTORY.resolve(name.asFinal().fileName()).toString();
        }

        @Override
        public Future<Void> beginSection(String section, boolean single) {
            open = section;
            sections.put(section, new ArrayList<>());
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> writeRows(RowBatch rows) {
            for (Object[] row : rows.rows()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < rows.columns().size(); i++) {
                    values.put(rows.columns().get(i), row[i]);
                }
                sections.get(open).add(values);
            }
            return Future.succeededFuture();
        }

        @Override
        public Future<PackagedFile> endSection() {
            String section = open;
            open = null;
            return Future.succeededFuture(new PackagedFile(section + ".json", sections.get(section).size(),
                    100 + sections.get(section).size(), SHA256));
        }

        @Override
        public Future<ExportArtifact> finish(PackageDescription description) {
            if (failFinish != null) {
                return Future.failedFuture(failFinish);
            }
            this.description = description;
            long bytes = 1000 + sections.values().stream().mapToLong(List::size).sum();
            artifact = new ExportArtifact(path(), bytes, SHA256);
            storage.put(path(), bytes);
            return Future.succeededFuture(artifact);
        }

        @Override
        public Future<Void> discard() {
            discarded = true;
            storage.vanish(path());
            return Future.succeededFuture();
        }

        @Override
        public String toString() {
            return name + " " + sections.keySet() + (discarded ? " discarded" : "");
        }
    }
}
