package dev.dsar.adapters.filesystem.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a directory unwritable for the duration of a try-with-resources block, even for root (who ignores
 * permissions): the immutable attribute is set then. Skips the test where neither works.
 */
public record UnwritableDirectory(Path directory, boolean immutable) implements AutoCloseable {

    public static UnwritableDirectory make(Path directory) throws Exception {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-xr-x---"));
        if (!Files.isWritable(directory)) {
            return new UnwritableDirectory(directory, false);
        }
        Process chattr = new ProcessBuilder("chattr", "+i", directory.toString()).redirectErrorStream(true).start();
        boolean immutable = chattr.waitFor() == 0;
        if (!immutable) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
        }
        assumeTrue(immutable, "running as root without chattr: cannot make a directory unwritable");
        return new UnwritableDirectory(directory, true);
    }

    @Override
    public void close() throws Exception {
        if (immutable) {
            new ProcessBuilder("chattr", "-i", directory.toString()).start().waitFor();
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
    }
}
