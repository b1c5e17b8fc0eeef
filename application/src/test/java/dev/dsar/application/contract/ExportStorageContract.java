package dev.dsar.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.application.port.out.ExportStoragePort.FileState;
import dev.dsar.application.port.out.ExportStoragePort.Removal;
import dev.dsar.domain.ExportFileName;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What the export storage promises (finished export files directly inside the export directory, inspected and
 * deleted; anything else refused), asserted once and run against the in-memory fake and the filesystem adapter.
 */
public abstract class ExportStorageContract<S extends ExportStoragePort> {

    private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

    /** The storage under test, over an empty export directory. */
    protected abstract S storage();

    /** The export directory, absolute. */
    protected abstract Path directory();

    /** Puts a file of {@code bytes} bytes named {@code fileName} in the export directory; its stored path. */
    protected abstract String put(String fileName, int bytes);

    /** What inspecting a present export answers: a file in the directory (a store without files overrides this). */
    protected FileState present(String storedPath, long bytes) {
        return new FileState.Present(Path.of(storedPath), bytes);
    }

    /** The stored path an export of this name would have, were it there. */
    protected String storedPath(String fileName) {
        return directory().resolve(fileName).toString();
    }

    /** Stored paths that carry an export name but point outside the storage's own place. */
    protected String[] outside(String fileName) {
        return new String[] {directory().getParent().resolve(fileName).toString(),
            directory().resolve("sub").resolve(fileName).toString(), directory() + "/sub/../" + fileName};
    }

    @Test
    void aStoredExportFileIsPresentWithItsSize() {
        String path = put(exportName(), 1234);

        assertThat(storage().inspect(path).await()).isEqualTo(present(path, 1234));
    }

    @Test
    void anEmptyExportFileIsPresentWithZeroBytes() {
        String path = put(exportName(), 0);

        assertThat(storage().inspect(path).await()).isEqualTo(present(path, 0));
    }

    @Test
    void anExportFileThatIsNotThereIsMissingAndItsDeletionFindsItGone() {
        String path = storedPath(exportName());

        assertThat(storage().inspect(path).await()).isEqualTo(new FileState.Missing());
        assertThat(storage().delete(path).await()).isEqualTo(new Removal.AlreadyGone());
    }

    @Test
    void aDeletionSaysHowManyBytesItFreedAndTheFileIsThenMissing() {
        String path = put(exportName(), 77);

        assertThat(storage().delete(path).await()).isEqualTo(new Removal.Deleted(77));
        assertThat(storage().inspect(path).await()).isEqualTo(new FileState.Missing());
        assertThat(storage().delete(path).await()).isEqualTo(new Removal.AlreadyGone());
    }

    @Test
    void aPartialExportFileIsRefusedAndKept() {
        String path = put(ExportFileName.of(Contracts.newReference(), AT).asTemporary().fileName(), 5);

        assertThat(storage().inspect(path).await()).isInstanceOf(FileState.Refused.class);
        assertThat(storage().delete(path).await()).isInstanceOf(Removal.Refused.class);
    }

    @Test
    void aFileWithoutAnExportNameIsRefusedAndKept() {
        String path = put("notes.txt", 5);

        assertThat(storage().inspect(path).await()).isInstanceOf(FileState.Refused.class);
        assertThat(storage().delete(path).await()).isInstanceOf(Removal.Refused.class);
    }

    @Test
    void anExportNameOutsideTheDirectoryIsRefused() {
        for (String path : outside(exportName())) {
            assertThat(storage().inspect(path).await()).as(path).isInstanceOf(FileState.Refused.class);
            assertThat(storage().delete(path).await()).as(path).isInstanceOf(Removal.Refused.class);
        }
    }

    @Test
    void aRelativePathIsRefused() {
        assertThat(storage().inspect(exportName()).await()).isInstanceOf(FileState.Refused.class);
        assertThat(storage().delete(exportName()).await()).isInstanceOf(Removal.Refused.class);
    }

    private static String exportName() {
        return ExportFileName.of(Contracts.newReference(), AT).fileName();
    }
}
