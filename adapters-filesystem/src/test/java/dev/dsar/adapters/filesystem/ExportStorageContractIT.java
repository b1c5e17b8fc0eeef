package dev.dsar.adapters.filesystem;

import dev.dsar.application.contract.ExportStorageContract;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The export storage's contract, on a real directory: the truth the in-memory fake is held to. */
@ExtendWith(VertxExtension.class)
class ExportStorageContractIT extends ExportStorageContract<ExportStorageFilesystemAdapter> {

    private static Vertx vertx;

    @TempDir
    Path temp;

    private Path root;
    private ExportStorageFilesystemAdapter storage;

    @BeforeAll
    static void startVertx(Vertx given) {
        vertx = given;
    }

    @BeforeEach
    void openTheExportDirectory() throws IOException {
        ExportDirectory directory = ExportDirectory.open(temp.toRealPath().resolve("exports"));
        root = directory.root();
        storage = new ExportStorageFilesystemAdapter(vertx, directory);
    }

    @Override
    protected ExportStorageFilesystemAdapter storage() {
        return storage;
    }

    @Override
    protected Path directory() {
        return root;
    }

    @Override
    protected String put(String fileName, int bytes) {
        try {
            return Files.write(root.resolve(fileName), new byte[bytes]).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
