package dev.dsar.adapters.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportDirectoryIT {

    private static final String EXPORT_NAME =
            ExportFileName.of(new ReferenceId("GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ"), Instant.parse("2026-03-04T05:06:07Z"))
                    .fileName();

    @TempDir
    Path temp;

    private Path base;

    @BeforeEach
    void resolveTheTemporaryDirectory() throws IOException {
        base = temp.toRealPath();
    }

    /** A missing directory is created, with its missing parents; the export directory itself gets mode 0750. */
    @ParameterizedTest
    @ValueSource(strings = {"exports", "var/lib/dsar/exports"})
    void openCreatesAMissingDirectoryAndItsParentsWithMode0750(String below) throws IOException {
        Path configured = base.resolve(below);

        ExportDirectory directory = ExportDirectory.open(configured);

        assertThat(configured).isDirectory();
        assertThat(directory.root()).isEqualTo(configured);
        assertThat(Files.getPosixFilePermissions(configured)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    }

    @Test
    void openKeepsAnExistingDirectoryAndItsContent() throws IOException {
        Path configured = Files.createDirectory(base.resolve("exports"));
        Path existing = Files.writeString(configured.resolve(EXPORT_NAME), "previous export");

        ExportDirectory directory = ExportDirectory.open(configured);

        assertThat(directory.root()).isEqualTo(configured);
        assertThat(existing).hasContent("previous export");
    }

    @Test
    void openingTheSameDirectoryTwiceGivesTheSameRoot() throws IOException {
        Path configured = base.resolve("exports");

        ExportDirectory first = ExportDirectory.open(configured);
        ExportDirectory second = ExportDirectory.open(configured);

        assertThat(second.root()).isEqualTo(first.root());
    }

    @Test
    void rootIsTheRealPathWhenOpenedThroughASymlinkedParent() throws IOException {
        Path realParent = Files.createDirectory(base.resolve("real"));
        Path linkedParent = Files.createSymbolicLink(base.resolve("linked"), realParent);

        ExportDirectory directory = ExportDirectory.open(linkedParent.resolve("exports"));

        assertThat(directory.root()).isEqualTo(realParent.resolve("exports"));
        assertThat(realParent.resolve("exports")).isDirectory();
    }

    @Test
    void rootIsTheRealPathWhenTheDirectoryItselfIsASymlink() throws IOException {
        Path realDirectory = Files.createDirectory(base.resolve("real-exports"));
        Path link = Files.createSymbolicLink(base.resolve("exports"), realDirectory);

        ExportDirectory directory = ExportDirectory.open(link);

        assertThat(directory.root()).isEqualTo(realDirectory);
    }

    @Test
    void rootIsAbsoluteAndNormalised() throws IOException {
        Files.createDirectories(base.resolve("a/b"));

        ExportDirectory directory = ExportDirectory.open(base.resolve("a/b/../exports"));

        assertThat(directory.root()).isEqualTo(base.resolve("a/exports"));
        assertThat(directory.root().isAbsolute()).isTrue();
    }

    @Test
    void openRefusesARegularFileInPlaceOfTheDirectory() throws IOException {
        Path file = Files.writeString(base.resolve("exports"), "not a directory");

        assertThatThrownBy(() -> ExportDirectory.open(file)).isInstanceOf(IOException.class);
        assertThat(file).isRegularFile().hasContent("not a directory");
    }

    @Test
    void pathOfPutsTheExportNameDirectlyUnderTheRoot() throws IOException {
        ExportDirectory directory = ExportDirectory.open(base.resolve("exports"));
        ExportFileName name = ExportFileName.recognise(EXPORT_NAME).orElseThrow();

        assertThat(directory.pathOf(name)).isEqualTo(directory.root().resolve(EXPORT_NAME));
    }

    @Test
    void resolveStoredAcceptsExactlyTheRootPlusAFinalExportName() throws IOException {
        ExportDirectory directory = ExportDirectory.open(base.resolve("exports"));
        String stored = directory.root() + "/" + EXPORT_NAME;

        ExportDirectory.Resolution resolution = directory.resolveStored(stored);

        assertThat(resolution.file()).contains(directory.root().resolve(EXPORT_NAME));
        assertThat(resolution.refusal()).isNull();
    }

    @Test
    void resolveStoredAcceptsTheNameWhetherOrNotTheFileExists() throws IOException {
        ExportDirectory directory = ExportDirectory.open(base.resolve("exports"));
        Files.writeString(directory.root().resolve(EXPORT_NAME), "zip");

        assertThat(directory.resolveStored(directory.root().resolve(EXPORT_NAME).toString()).file())
                .contains(directory.root().resolve(EXPORT_NAME));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void resolveStoredRefusesAMissingPath(String stored) throws IOException {
        ExportDirectory directory = ExportDirectory.open(base.resolve("exports"));

        assertRefused(directory.resolveStored(stored));
    }

    /**
     * {@code {root}} stands for the real root, {@code {name}} for a final export name, {@code {rootName}} for the
     * root's last segment.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{name}",
        "exports/{name}",
        "./{name}",
        "{root}/../{rootName}/{name}",
        "{root}/./{name}",
        "{root}/sub/../{name}",
        "{root}/sub/{name}",
        "{root}/{name}/{name}",
        "{root}-evil/{name}",
        "{root}evil/{name}",
        "{root}/../{name}",
        "{root}",
        "/",
        "/{name}",
        "{root}/passwd",
        "{root}/dsar_x.zip",
        "{root}/{name}.part",
        "{root}/{name}.tmp",
        "{root}/.{name}",
        "{root}/dsar_GDPR-A_20260230_050607.zip",
        "{root}/{name}\0",
        "{root}/\0{name}",
        "{root}\0/{name}",
        "{root}\\{name}",
    })
    void resolveStoredRefusesAnythingButTheRootPlusAFinalExportName(String template) throws IOException {
        ExportDirectory directory = ExportDirectory.open(base.resolve("exports"));
        Files.createDirectories(directory.root().resolve("sub"));
        Files.createDirectories(base.resolve("exports-evil"));
        Files.createDirectories(base.resolve("exportsevil"));
        String stored = template
                .replace("{root}", directory.root().toString())
                .replace("{rootName}", directory.root().getFileName().toString())
                .replace("{name}", EXPORT_NAME);

        assertRefused(directory.resolveStored(stored));
    }

    @Test
    void resolveStoredRefusesThePathOfASiblingDirectoryWhoseNameStartsWithTheRootName() throws IOException {
        ExportDirectory directory = ExportDirectory.open(base.resolve("exports"));
        Path sibling = Files.createDirectory(base.resolve("exports-evil"));
        Files.writeString(sibling.resolve(EXPORT_NAME), "not ours");

        assertRefused(directory.resolveStored(sibling.resolve(EXPORT_NAME).toString()));
    }

    @Test
    void resolveStoredRefusesTheRootReachedThroughASymlinkAlias() throws IOException {
        Path realParent = Files.createDirectory(base.resolve("real"));
        Path linkedParent = Files.createSymbolicLink(base.resolve("linked"), realParent);
        ExportDirectory directory = ExportDirectory.open(linkedParent.resolve("exports"));

        assertRefused(directory.resolveStored(linkedParent.resolve("exports").resolve(EXPORT_NAME).toString()));
        assertThat(directory.resolveStored(realParent.resolve("exports").resolve(EXPORT_NAME).toString()).file())
                .contains(realParent.resolve("exports").resolve(EXPORT_NAME));
    }

    @Test
    void resolveStoredRefusesATemporaryPartName() throws IOException {
        ExportDirectory directory = ExportDirectory.open(base.resolve("exports"));
        String temporary = ExportFileName.recognise(EXPORT_NAME).orElseThrow().asTemporary().fileName();

        assertThat(temporary).endsWith(".zip.part");
        assertRefused(directory.resolveStored(directory.root().resolve(temporary).toString()));
    }

    @Test
    void resolveStoredRefusesForeignFilesInTheRoot() throws IOException {
        ExportDirectory directory = ExportDirectory.open(base.resolve("exports"));

        assertRefused(directory.resolveStored(directory.root().resolve("passwd").toString()));
        assertRefused(directory.resolveStored(directory.root().resolve("dsar_x.zip").toString()));
    }

    private static void assertRefused(ExportDirectory.Resolution resolution) {
        assertThat(resolution.file()).isEmpty();
        assertThat(resolution.refusal()).isNotBlank();
    }
}
