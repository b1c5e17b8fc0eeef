package dev.dsar.application.port.out;

import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.domain.ExportFileName;
import io.vertx.core.Future;

/**
 * Deletes the partial file ({@code .zip.part}) of one export attempt, named from its request's reference and the
 * attempt's start, and only that one: the partial files of attempts still running elsewhere have other names.
 * Refuses a final name. Never follows a symbolic link; a missing file is {@link FileRemoval.AlreadyGone}.
 */
@FunctionalInterface
public interface RemovePartialExportPort {

    Future<FileRemoval> removePartial(ExportFileName partial);
}
