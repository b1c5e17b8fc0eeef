package dev.dsar.application.fakes;

import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.domain.ExportFileName;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The export directory in memory: stored path → size. As the port promises, only a final export file name
 * directly inside the export directory is used; anything else, and any path a test {@link #refuse}s, is
 * refused. Every call is logged.
 */
public final class InMemoryExportStorage implements ExportStoragePort {

    public static final Path EXPORT_DIRECTORY = Path.of("/srv/dsar/exports");

    private final Map<String, Long> files = new HashMap<>();
    private final Set<String> refused = new HashSet<>();
    private final List<String> inspected = new ArrayList<>();
    private final List<String> deleteCalls = new ArrayList<>();
    private boolean inAStore;

    // ---- port --------------------------------------------------------------------------------------------

    @Override
    public Future<FileState> inspect(String storagePath) {
        inspected.add(storagePath);
        String refusal = refusal(storagePath);
        if (refusal != null) {
            return Future.succeededFuture(new FileState.Refused(refusal));
        }
        Long bytes = files.get(storagePath);
        if (bytes == null) {
            return Future.succeededFuture(new FileState.Missing());
        }
        return Future.succeededFuture(inAStore ? new FileState.InStore(storagePath, bytes)
                : new FileState.Present(Path.of(storagePath), bytes));
    }

    @Override
    public Future<Removal> delete(String storagePath) {
        deleteCalls.add(storagePath);
        String refusal = refusal(storagePath);
        if (refusal != null) {
            return Future.succeededFuture(new Removal.Refused(refusal));
        }
        Long bytes = files.remove(storagePath);
        return Future.succeededFuture(bytes == null ? new Removal.AlreadyGone() : new Removal.Deleted(bytes));
    }

    // ---- for tests ---------------------------------------------------------------------------------------

    /** From now on exports are answered as kept in a store without local files (an object store). */
    public void keepInAStore() {
        inAStore = true;
    }

    public void put(String storagePath, long bytes) {
        files.put(storagePath, bytes);
    }

    /** The file disappears behind the service's back (someone else's cleanup, an operator, a disk fault). */
    public void vanish(String storagePath) {
        files.remove(storagePath);
    }

    /** From now on this path is refused, whatever it looks like. */
    public void refuse(String storagePath) {
        refused.add(storagePath);
    }

    public boolean contains(String storagePath) {
        return files.containsKey(storagePath);
    }

    public OptionalLong size(String storagePath) {
        Long bytes = files.get(storagePath);
        return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    public List<String> inspected() {
        return List.copyOf(inspected);
    }

    public List<String> deleteCalls() {
        return List.copyOf(deleteCalls);
    }

    private String refusal(String storagePath) {
        if (storagePath == null) {
            return "no stored path";
        }
        if (refused.contains(storagePath)) {
            return "refused by the test";
        }
        Path path = Path.of(storagePath);
        boolean inDirectory = path.isAbsolute() && EXPORT_DIRECTORY.equals(path.getParent());
        boolean exportName = path.getFileName() != null
                && ExportFileName.recognise(path.getFileName().toString()).filter(name -> !name.temporary()).isPresent();
        return inDirectory && exportName ? null : "not an export file inside the export directory: " + storagePath;
    }
}
