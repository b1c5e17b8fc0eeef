package dev.dsar.adapters.filesystem;

import dev.dsar.adapters.filesystem.testing.ExportFolder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.ExportStoragePort.FileState;
import dev.dsar.application.port.out.ExportStoragePort.Removal;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ExportStorageFilesystemAdapterIT {

    private static final Instant GENERATED_AT = Instant.parse("2026-03-04T05:06:07Z");
    private static final String EXPORT_NAME = exportName("GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static final String OTHER_EXPORT_NAME = exportName("GDPR-ZYXWVUTSRQPONMLKJIHGFEDCBA");
    private static final String SECRET = "root:x:0:0:root:/root:/bin/bash\n";

    private ExportFolder exports;
    private ExportStorageFilesystemAdapter storage;

    @BeforeEach
    void openTheExportDirectory(Vertx vertx, @TempDir Path temp) throws IOException {
        exports = ExportFolder.in(temp);
        storage = new ExportStorageFilesystemAdapter(vertx, exports.directory());
    }

    // inspect

    @Test
    void inspectReportsARegularExportFileWithItsPathAndSize() throws IOException {
        Path file = Files.write(exports.root().resolve(EXPORT_NAME), new byte[1234]);

        FileState state = storage.inspect(file.toString()).await();

        assertThat(state).isEqualTo(new FileState.Present(file, 1234));
    }

    @Test
    void inspectReportsAnEmptyExportFileAsPresentWithZeroBytes() throws IOException {
        Path file = Files.createFile(exports.root().resolve(EXPORT_NAME));

        assertThat(storage.inspect(file.toString()).await()).isEqualTo(new FileState.Present(file, 0));
    }

    @Test
    void inspectReportsAMissingExportFileAsMissing() {
        FileState state = storage.inspect(exports.root().resolve(EXPORT_NAME).toString()).await();

        assertThat(state).isInstanceOf(FileState.Missing.class);
    }

    @Test
    void inspectRefusesAPathOutsideTheExportDirectory() throws IOException {
        Path outside = Files.writeString(Files.createDirectory(exports.base().resolve("elsewhere")).resolve(EXPORT_NAME), SECRET);

        FileState state = storage.inspect(outside.toString()).await();

        assertThat(state).isInstanceOf(FileState.Refused.class);
        assertThat(((FileState.Refused) state).reason()).isNotBlank();
        assertThat(outside).hasContent(SECRET);
    }

    @Test
    void inspectRefusesAPathInASiblingDirectoryWhoseNameStartsWithTheRootName() throws IOException {
        Path sibling = Files.createDirectory(exports.base().resolve("exports-evil"));
        Path outside = Files.writeString(sibling.resolve(EXPORT_NAME), SECRET);

        assertThat(storage.inspect(outside.toString()).await()).isInstanceOf(FileState.Refused.class);
    }

    @Test
    void inspectNeverFollowsASymlinkNamedLikeAnExport() throws IOException {
        Path target = Files.writeString(exports.base().resolve("passwd"), SECRET);
        Path link = Files.createSymbolicLink(exports.root().resolve(EXPORT_NAME), target);

        FileState state = storage.inspect(link.toString()).await();

        assertThat(state).isInstanceOf(FileState.Refused.class);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(target).hasContent(SECRET);
    }

    @Test
    void inspectRefusesASymlinkToAnotherExportInsideTheRoot() throws IOException {
        Path real = Files.writeString(exports.root().resolve(OTHER_EXPORT_NAME), "zip");
        Path link = Files.createSymbolicLink(exports.root().resolve(EXPORT_NAME), real);

        assertThat(storage.inspect(link.toString()).await()).isInstanceOf(FileState.Refused.class);
    }

    @Test
    void inspectRefusesADanglingSymlinkNamedLikeAnExport() throws IOException {
        Path link = Files.createSymbolicLink(exports.root().resolve(EXPORT_NAME), exports.base().resolve("nowhere"));

        assertThat(storage.inspect(link.toString()).await()).isInstanceOf(FileState.Refused.class);
    }

    @Test
    void inspectRefusesADirectoryNamedLikeAnExport() throws IOException {
        Path directory = Files.createDirectory(exports.root().resolve(EXPORT_NAME));

        assertThat(storage.inspect(directory.toString()).await()).isInstanceOf(FileState.Refused.class);
    }

    @Test
    void inspectRefusesATemporaryPartFile() throws IOException {
        Path part = Files.writeString(exports.root().resolve(EXPORT_NAME + ".part"), "half a zip");

        assertThat(storage.inspect(part.toString()).await()).isInstanceOf(FileState.Refused.class);
    }

    // delete

    @Test
    void deleteRemovesARegularExportFileAndReportsItsSize() throws IOException {
        Path file = Files.write(exports.root().resolve(EXPORT_NAME), new byte[4321]);

        Removal removal = storage.delete(file.toString()).await();

        assertThat(removal).isEqualTo(new Removal.Deleted(4321));
        assertThat(file).doesNotExist();
    }

    @Test
    void deleteLeavesOtherExportsAlone() throws IOException {
        Path file = Files.writeString(exports.root().resolve(EXPORT_NAME), "zip");
        Path other = Files.writeString(exports.root().resolve(OTHER_EXPORT_NAME), "other zip");

        storage.delete(file.toString()).await();

        assertThat(other).hasContent("other zip");
    }

    @Test
    void deleteOfAMissingExportIsAlreadyGone() {
        Removal removal = storage.delete(exports.root().resolve(EXPORT_NAME).toString()).await();

        assertThat(removal).isInstanceOf(Removal.AlreadyGone.class);
    }

    @Test
    void deletingTheSameExportTwiceIsDeletedThenAlreadyGone() throws IOException {
        Path file = Files.write(exports.root().resolve(EXPORT_NAME), new byte[10]);

        Removal first = storage.delete(file.toString()).await();
        Removal second = storage.delete(file.toString()).await();

        assertThat(first).isEqualTo(new Removal.Deleted(10));
        assertThat(second).isInstanceOf(Removal.AlreadyGone.class);
    }

    @Test
    void symlinkNamedLikeAnExportIsNeverFollowedOrDeleted() throws IOException {
        Path target = Files.writeString(exports.base().resolve("passwd"), SECRET);
        Path link = Files.createSymbolicLink(exports.root().resolve(EXPORT_NAME), target);

        Removal removal = storage.delete(link.toString()).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(((Removal.Refused) removal).reason()).isNotBlank();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(target);
        assertThat(target).isRegularFile().hasContent(SECRET);
    }

    @Test
    void aDanglingSymlinkNamedLikeAnExportIsLeftAlone() throws IOException {
        Path link = Files.createSymbolicLink(exports.root().resolve(EXPORT_NAME), exports.base().resolve("nowhere"));

        Removal removal = storage.delete(link.toString()).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aDirectoryNamedLikeAnExportIsNeverDeleted() throws IOException {
        Path directory = Files.createDirectory(exports.root().resolve(EXPORT_NAME));
        Path inside = Files.writeString(directory.resolve("keep.txt"), "keep");

        Removal removal = storage.delete(directory.toString()).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(directory).isDirectory();
        assertThat(inside).hasContent("keep");
    }

    @Test
    void anEmptyDirectoryNamedLikeAnExportIsNeverDeleted() throws IOException {
        Path directory = Files.createDirectory(exports.root().resolve(EXPORT_NAME));

        Removal removal = storage.delete(directory.toString()).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(directory).isDirectory();
    }

    @Test
    void deleteRefusesAPathOutsideTheExportDirectoryAndLeavesTheFileUntouched() throws IOException {
        Path outside = Files.writeString(Files.createDirectory(exports.base().resolve("elsewhere")).resolve(EXPORT_NAME), SECRET);

        Removal removal = storage.delete(outside.toString()).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(outside).hasContent(SECRET);
    }

    @Test
    void deleteRefusesATraversalThatNormalisesOutsideTheRoot() throws IOException {
        Path outside = Files.writeString(exports.base().resolve(EXPORT_NAME), SECRET);

        Removal removal = storage.delete(exports.root() + "/../" + EXPORT_NAME).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(outside).hasContent(SECRET);
    }

    @Test
    void deleteRefusesATraversalThatNormalisesBackIntoTheRoot() throws IOException {
        Path file = Files.writeString(exports.root().resolve(EXPORT_NAME), "zip");

        Removal removal = storage.delete(exports.root() + "/../" + exports.root().getFileName() + "/" + EXPORT_NAME).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(file).hasContent("zip");
    }

    @Test
    void deleteRefusesAForeignFileInTheRoot() throws IOException {
        Path foreign = Files.writeString(exports.root().resolve("passwd"), SECRET);

        Removal removal = storage.delete(foreign.toString()).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(foreign).hasContent(SECRET);
    }

    @Test
    void deleteRefusesATemporaryPartFile() throws IOException {
        Path part = Files.writeString(exports.root().resolve(EXPORT_NAME + ".part"), "half a zip");

        Removal removal = storage.delete(part.toString()).await();

        assertThat(removal).isInstanceOf(Removal.Refused.class);
        assertThat(part).hasContent("half a zip");
    }

    @Test
    void deleteRefusesAMissingPath() {
        assertThat(storage.delete(null).await()).isInstanceOf(Removal.Refused.class);
        assertThat(storage.delete("").await()).isInstanceOf(Removal.Refused.class);
        assertThat(storage.inspect(null).await()).isInstanceOf(FileState.Refused.class);
    }

    @RepeatedTest(5)
    void concurrentDeletesOfTheSameExportDeleteItExactlyOnce() throws IOException {
        Path file = Files.write(exports.root().resolve(EXPORT_NAME), new byte[2048]);
        List<Future<Removal>> deletes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            deletes.add(storage.delete(file.toString()));
        }

        Future.all(deletes).await();

        Map<Class<?>, List<Removal>> byKind = deletes.stream()
                .map(Future::result)
                .collect(Collectors.groupingBy(Object::getClass));
        assertThat(byKind.get(Removal.Deleted.class)).containsExactly(new Removal.Deleted(2048));
        assertThat(byKind.get(Removal.AlreadyGone.class)).hasSize(19);
        assertThat(byKind.keySet()).containsExactlyInAnyOrder(Removal.Deleted.class, Removal.AlreadyGone.class);
        assertThat(file).doesNotExist();
    }

    private static String exportName(String reference) {
        return ExportFileName.of(new ReferenceId(reference), GENERATED_AT).fileName();
    }
}
