package dev.dsar.adapters.http;

import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Exports kept where the service has no local file (an object store): sent by redirecting the client to a
 * short-lived URL of the store ({@link Mode#REDIRECT}), or streamed through the service ({@link Mode#PROXY}).
 * Every rule of a download (owner, expiry, receipts) is applied before either.
 */
public interface RemoteExports {

    enum Mode { REDIRECT, PROXY }

    Mode mode();

    /** A URL the client can GET the export from until {@code notAfter} at the latest, naming {@code fileName}. */
    String urlFor(String storagePath, String fileName, Instant notAfter);

    /** Bytes {@code [offset, offset + length)} of the export; empty if it is gone. Blocking: worker threads only. */
    Optional<InputStream> open(String storagePath, long offset, long length);
}
