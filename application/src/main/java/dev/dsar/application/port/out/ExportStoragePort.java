package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.nio.file.Path;

/**
 * Finished export files in the export directory. A stored path is only ever used if it names a regular file
 * directly inside the export directory with an export file name; anything else is refused.
 */
public interface ExportStoragePort {

    Future<FileState> inspect(String storagePath);

    Future<Removal> delete(String storagePath);

    sealed interface FileState {
        record Present(Path file, long bytes) implements FileState {
        }

        /** In a store without local files (an object store): {@code storagePath} names it there. */
        record InStore(String storagePath, long bytes) implements FileState {
        }

        record Missing() implements FileState {
        }

        /** The stored path does not name an export file inside the export directory. */
        record Refused(String reason) implements FileState {
        }
    }

    sealed interface Removal {
        record Deleted(long bytes) implements Removal {
        }

        record AlreadyGone() implements Removal {
        }

        record Refused(String reason) implements Removal {
        }
    }
}
