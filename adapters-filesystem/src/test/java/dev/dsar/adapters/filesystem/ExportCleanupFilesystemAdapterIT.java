package dev.dsar.adapters.filesystem;

import dev.dsar.adapters.filesystem.testing.ExportFolder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.domain.StorageStatistics;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ExportCleanupFilesystemAdapterIT {

    private static final Instant STAMP = Instant.parse("2026-03-04T05:06:07Z");
    private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SECRET = "root:x:0:0:root:/root:/bin/bash\n";

    private ExportFolder exports;
    private ExportCleanupFilesystemAdapter adapter;

    @BeforeEach
    void openTheExportDirectory(Vertx vertx, @TempDir Path temp) throws IOException {
        exports = ExportFolder.in(temp);
        adapter = new ExportCleanupFilesystemAdapter(vertx, exports.directory());
    }

    private static ExportFileName name(String reference) {
        return ExportFileName.of(new ReferenceId(reference), STAMP);
    }

    private Path write(String fileName, int bytes, Instant modifiedAt) throws IOException {
        Path file = exports.root().resolve(fileName);
        Files.write(file, new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(modifiedAt));
        return file;
    }

    private Path outsideSecret() throws IOException {
        Path secret = exports.base().resolve("outside-secret.txt");
        Files.writeString(secret, SECRET);
        return secret;
    }

    // ---- scan -----------------------------------------------------------------------------------------------

    @Test
    void theScanListsOnlyRegularFilesWithAnExportNameDirectlyInTheDirectoryABatchAtATime() throws IOException {
        for (int i = 0; i < 5; i++) {
            write(name("GDPR-SCAN-" + i).fileName(), 10 + i, OLD);
        }
        write(name("GDPR-SCAN-P").asTemporary().fileName(), 3, OLD);
        write("notes.txt", 1, OLD);
        write("dsar_not-a-stamp.zip", 1, OLD);
        Path subdirectory = Files.createDirectory(exports.root().resolve(name("GDPR-SCAN-DIR").fileName()));
        Files.write(subdirectory.resolve(name("GDPR-SCAN-NESTED").fileName()), new byte[1]);
        Files.createSymbolicLink(exports.root().resolve(name("GDPR-SCAN-LINK").fileName()), outsideSecret());

        List<List<StoredExportFile>> batches = new ArrayList<>();
        adapter.scan(4, batch -> {
            batches.add(batch);
            return Future.succeededFuture(true);
        }).await();

        assertThat(batches).extracting(List::size).containsExactly(4, 2);
        List<StoredExportFile> files = batches.stream().flatMap(List::stream).toList();
        assertThat(files).extracting(file -> file.name().reference().value()).containsExactlyInAnyOrder(
                "GDPR-SCAN-0", "GDPR-SCAN-1", "GDPR-SCAN-2", "GDPR-SCAN-3", "GDPR-SCAN-4", "GDPR-SCAN-P");
        StoredExportFile partial = files.stream().filter(file -> file.name().temporary()).findFirst().orElseThrow();
        assertThat(partial.storagePath()).isEqualTo(exports.root().resolve(name("GDPR-SCAN-P").asTemporary().fileName()).toString());
        assertThat(partial.bytes()).isEqualTo(3);
        assertThat(partial.modifiedAt()).isEqualTo(OLD);
    }

    @Test
    void theScanStopsWhenToldToAndReadsNoFurtherBatch() throws IOException {
        for (int i = 0; i < 5; i++) {
            write(name("GDPR-STOP-" + i).fileName(), 1, OLD);
        }
        List<Integer> sizes = new ArrayList<>();

        adapter.scan(2, batch -> {
            sizes.add(batch.size());
            return Future.succeededFuture(false);
        }).await();

        assertThat(sizes).containsExactly(2);
    }

    @Test
    void anEmptyDirectoryGivesNoBatch() {
        List<Integer> sizes = new ArrayList<>();

        adapter.scan(10, batch -> {
            sizes.add(batch.size());
            return Future.succeededFuture(true);
        }).await();

        assertThat(sizes).isEmpty();
    }

    // ---- removeStored ---------------------------------------------------------------------------------------

    @Test
    void storedPathsAreDeletedInOrderAndOnlyWhenTheyNameAnExportFileInTheDirectory() throws IOException {
        Path finished = write(name("GDPR-DEL-OK").fileName(), 42, OLD);
        Path partial = write(name("GDPR-DEL-PART").asTemporary().fileName(), 7, OLD);
        Path secret = outsideSecret();
        Path link = Files.createSymbolicLink(exports.root().resolve(name("GDPR-DEL-LINK").fileName()), secret);
        Path foreign = write("keep-me.txt", 1, OLD);
        Path outsideExport = exports.base().resolve(name("GDPR-DEL-OUT").fileName());
        Files.write(outsideExport, new byte[5]);

        List<FileRemoval> outcomes = adapter.removeStored(List.of(finished.toString(), partial.toString(),
                exports.root().resolve(name("GDPR-DEL-GONE").fileName()).toString(), link.toString(), foreign.toString(),
                outsideExport.toString(), exports.root() + "/../" + name("GDPR-DEL-OUT").fileName()), false).await();

        assertThat(outcomes.get(0)).isEqualTo(new FileRemoval.Removed(42));
        assertThat(outcomes.get(1)).isEqualTo(new FileRemoval.Removed(7));
        assertThat(outcomes.get(2)).isEqualTo(new FileRemoval.AlreadyGone());
        assertThat(outcomes.subList(3, 7)).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(FileRemoval.Refused.class));
        assertThat(finished).doesNotExist();
        assertThat(partial).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(secret)).isEqualTo(SECRET);
        assertThat(foreign).exists();
        assertThat(outsideExport).exists();
    }

    @Test
    void aDryRunReportsWhatWouldBeDeletedAndDeletesNothing() throws IOException {
        Path finished = write(name("GDPR-DRY").fileName(), 42, OLD);

        List<FileRemoval> outcomes = adapter.removeStored(List.of(finished.toString()), true).await();

        assertThat(outcomes).containsExactly(new FileRemoval.Removed(42));
        assertThat(finished).exists();
    }

    @Test
    void aLargeBatchIsSpreadOverSeveralWorkersAndAnsweredInOrder() throws IOException {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            paths.add(i % 2 == 0 ? write(name("GDPR-MANY-" + i).fileName(), i, OLD).toString()
                    : exports.root().resolve(name("GDPR-MANY-" + i).fileName()).toString());
        }

        List<FileRemoval> outcomes = adapter.removeStored(paths, false).await();

        assertThat(outcomes).hasSize(101);
        for (int i = 0; i < 101; i++) {
            assertThat(outcomes.get(i)).isEqualTo(i % 2 == 0 ? new FileRemoval.Removed(i) : new FileRemoval.AlreadyGone());
        }
        try (var left = Files.list(exports.root())) {
            assertThat(left).isEmpty();
        }
    }

    // ---- removeUnchanged ------------------------------------------------------------------------------------

    @Test
    void aListedFileIsDeletedOnlyIfItIsStillWhatTheScanSaw() throws IOException {
        Path same = write(name("GDPR-UNCH-SAME").fileName(), 10, OLD);
        Path grown = write(name("GDPR-UNCH-GROWN").fileName(), 10, OLD);
        Path touched = write(name("GDPR-UNCH-TOUCHED").fileName(), 10, OLD);
        Path replaced = write(name("GDPR-UNCH-LINK").fileName(), 10, OLD);
        List<StoredExportFile> listed = listAll();
        Files.write(grown, new byte[11]);
        Files.setLastModifiedTime(grown, FileTime.from(OLD));
        Files.setLastModifiedTime(touched, FileTime.from(OLD.plusSeconds(1)));
        Path secret = outsideSecret();
        Files.delete(replaced);
        Files.createSymbolicLink(replaced, secret);
        StoredExportFile vanished = new StoredExportFile(name("GDPR-UNCH-GONE"),
                exports.root().resolve(name("GDPR-UNCH-GONE").fileName()).toString(), 1, OLD);

        List<StoredExportFile> input = new ArrayList<>(byReference(listed, "GDPR-UNCH-SAME", "GDPR-UNCH-GROWN",
                "GDPR-UNCH-TOUCHED", "GDPR-UNCH-LINK"));
        input.add(vanished);
        List<FileRemoval> outcomes = adapter.removeUnchanged(input, false).await();

        assertThat(outcomes).containsExactly(new FileRemoval.Removed(10), new FileRemoval.Changed(),
                new FileRemoval.Changed(), new FileRemoval.Changed(), new FileRemoval.AlreadyGone());
        assertThat(same).doesNotExist();
        assertThat(grown).exists();
        assertThat(touched).exists();
        assertThat(Files.isSymbolicLink(replaced)).isTrue();
        assertThat(Files.readString(secret)).isEqualTo(SECRET);
    }

    @Test
    void aListedFileIsFoundByItsNameInTheDirectoryWhateverPathTheCallerCarries() throws IOException {
        Path outside = exports.base().resolve(name("GDPR-ELSEWHERE").fileName());
        Files.write(outside, new byte[4]);
        Files.setLastModifiedTime(outside, FileTime.from(OLD));
        StoredExportFile pointingOutside = new StoredExportFile(name("GDPR-ELSEWHERE"), outside.toString(), 4, OLD);

        List<FileRemoval> outcomes = adapter.removeUnchanged(List.of(pointingOutside), false).await();

        assertThat(outcomes).containsExactly(new FileRemoval.AlreadyGone());
        assertThat(outside).exists();
    }

    // ---- statistics -----------------------------------------------------------------------------------------

    @Test
    void storageStatisticsCountRegularExportFilesFinishedAndPartialWithTheirModificationTimes() throws IOException {
        write(name("GDPR-STAT-A").fileName(), 100, OLD);
        write(name("GDPR-STAT-B").asTemporary().fileName(), 20, OLD.plusSeconds(3600));
        write("foreign.zip", 1000, OLD.minusSeconds(3600));
        Files.createSymbolicLink(exports.root().resolve(name("GDPR-STAT-LINK").fileName()), outsideSecret());

        StorageStatistics statistics = adapter.statistics().await();

        assertThat(statistics).isEqualTo(new StorageStatistics(2, 120, Optional.of(OLD), Optional.of(OLD.plusSeconds(3600))));
    }

    @Test
    void anEmptyDirectoryHasNoFilesAndNoOldestOrNewest() {
        assertThat(adapter.statistics().await()).isEqualTo(StorageStatistics.empty());
    }

    private List<StoredExportFile> listAll() {
        List<StoredExportFile> all = new ArrayList<>();
        adapter.scan(1000, batch -> {
            all.addAll(batch);
            return Future.succeededFuture(true);
        }).await();
        return all;
    }

    private static List<StoredExportFile> byReference(List<StoredExportFile> files, String... references) {
        List<StoredExportFile> ordered = new ArrayList<>();
        for (String reference : references) {
            ordered.add(files.stream().filter(file -> file.name().reference().value().equals(reference)).findFirst()
                    .orElseThrow());
        }
        return ordered;
    }
}
