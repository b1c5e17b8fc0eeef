package dev.dsar.adapters.filesystem;

import dev.dsar.application.port.out.ExportStoragePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Finished export files, never following a symbolic link: looked up on the calling thread, deleted on a worker
 * thread.
 */
public final class ExportStorageFilesystemAdapter implements ExportStoragePort {

    private final Vertx vertx;
    private final ExportDirectory directory;

    public ExportStorageFilesystemAdapter(Vertx vertx, ExportDirectory directory) {
        this.vertx = vertx;
        this.directory = directory;
    }

    @Override
    public Future<FileState> inspect(String storagePath) {
        ExportDirectory.Resolution resolution = directory.resolveStored(storagePath);
        if (resolution.file().isEmpty()) {
            return Future.succeededFuture(new FileState.Refused(resolution.refusal()));
        }
        // One lstat on the calling thread (an event loop when a download asks): as short as the open that follows
        // it on the download path, where a hop to a worker thread and back cost more under load than the call
        // itself (docs/performance.md, "Many exports").
        try {
            return Future.succeededFuture(inspectNow(resolution.file().get()));
        } catch (IOException unreadable) {
            return Future.failedFuture(unreadable);
        }
    }

    @Override
    public Future<Removal> delete(String storagePath) {
        ExportDirectory.Resolution resolution = directory.resolveStored(storagePath);
        if (resolution.file().isEmpty()) {
            return Future.succeededFuture(new Removal.Refused(resolution.refusal()));
        }
        Path file = resolution.file().get();
        return vertx.executeBlocking(() -> deleteNow(file), false);
    }

    static FileState inspectNow(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return new FileState.Refused("not a regular file");
            }
            return new FileState.Present(file, attributes.size());
        } catch (NoSuchFileException gone) {
            return new FileState.Missing();
        }
    }

    /** A symbolic link or directory under an export name is left alone and reported; only regular files go. */
    static Removal deleteNow(Path file) throws IOException {
        FileState state = inspectNow(file);
        if (state instanceof FileState.Missing) {
            return new Removal.AlreadyGone();
        }
        if (state instanceof FileState.Refused refused) {
            return new Removal.Refused(refused.reason());
        }
        try {
            Files.delete(file);
            return new Removal.Deleted(((FileState.Present) state).bytes());
        } catch (NoSuchFileException deletedMeanwhile) {
            return new Removal.AlreadyGone();
        }
    }
}
