package dev.dsar.adapters.filesystem;

import dev.dsar.adapters.filesystem.testing.ExportFolder;
import dev.dsar.application.contract.ExportStorageContract;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The export storage's contract, on a real directory: the truth the in-memory fake is held to. */
@ExtendWith(VertxExtension.class)
class ExportStorageContractIT extends ExportStorageContract<ExportStorageFilesystemAdapter> {

    private ExportFolder exports;
    private ExportStorageFilesystemAdapter storage;

    @BeforeEach
    void openTheExportDirectory(Vertx vertx, @TempDir Path temp) throws IOException {
        exports = ExportFolder.in(temp);
        storage = new ExportStorageFilesystemAdapter(vertx, exports.directory());
    }

    @Override
    protected ExportStorageFilesystemAdapter storage() {
        return storage;
    }

    @Override
    protected Path directory() {
        return exports.root();
    }

    @Override
    protected String put(String fileName, int bytes) {
        try {
            return Files.write(exports.root().resolve(fileName), new byte[bytes]).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
