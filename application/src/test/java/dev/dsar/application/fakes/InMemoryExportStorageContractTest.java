package dev.dsar.application.fakes;

import dev.dsar.application.contract.ExportStorageContract;
import java.nio.file.Path;

/** The fake the download and cleanup tests use keeps the promises the filesystem adapter keeps. */
class InMemoryExportStorageContractTest extends ExportStorageContract<InMemoryExportStorage> {

    private final InMemoryExportStorage storage = new InMemoryExportStorage();

    @Override
    protected InMemoryExportStorage storage() {
        return storage;
    }

    @Override
    protected Path directory() {
        return InMemoryExportStorage.EXPORT_DIRECTORY;
    }

    @Override
    protected String put(String fileName, int bytes) {
        String path = InMemoryExportStorage.EXPORT_DIRECTORY.resolve(fileName).toString();
        storage.put(path, bytes);
        return path;
    }
}
