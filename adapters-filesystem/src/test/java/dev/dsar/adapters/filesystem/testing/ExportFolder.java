package dev.dsar.adapters.filesystem.testing;

import dev.dsar.adapters.filesystem.ExportDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The export directory an adapter test works in: {@code exports} below a test's temporary folder, opened as the
 * service opens it. {@code base} is the temporary folder by its real path, the place for files outside the
 * export directory.
 */
public record ExportFolder(Path base, ExportDirectory directory) {

    public static ExportFolder in(Path temp) throws IOException {
        Path base = temp.toRealPath();
        return new ExportFolder(base, ExportDirectory.open(base.resolve("exports")));
    }

    public Path root() {
        return directory.root();
    }
}
