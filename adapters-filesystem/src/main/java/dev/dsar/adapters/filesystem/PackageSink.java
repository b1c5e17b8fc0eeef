package dev.dsar.adapters.filesystem;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a package's bytes go while {@link ZipPackageWriter} streams them: the export directory (a temporary
 * file renamed at the end) or any other store that can make a stream of bytes appear whole, at once, under its
 * final name. Blocking: used on worker threads only.
 */
public interface PackageSink {

    /** The stream the ZIP is written into; closed by {@link #commit} or {@link #discard}, never by the writer. */
    OutputStream stream();

    /**
     * Makes the package final and visible under its final name, with its size and SHA-256 as computed while
     * streaming; answers the location a request stores for it.
     */
    String commit(long bytes, String sha256) throws IOException;

    /** Removes whatever was written (before or after {@link #commit}); never throws. */
    void discard();
}
