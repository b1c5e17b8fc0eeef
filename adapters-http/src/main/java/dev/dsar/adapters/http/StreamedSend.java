package dev.dsar.adapters.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * Sends a range of an export kept where the service has no file (an object store): the range is opened on a
 * worker thread, then sent by {@link ChunkedSend} a chunk at a time with back-pressure, so memory holds one chunk
 * per download whatever the export's size; the stream is closed whatever happens.
 */
final class StreamedSend {

    private StreamedSend() {
    }

    /** Fails with {@link NoSuchFileException} before any byte is written if the export is gone. */
    static Future<Void> start(Vertx vertx, RemoteExports remote, String storagePath, HttpServerResponse response,
                              long offset, long length) {
        return vertx.executeBlocking(() -> remote.open(storagePath, offset, length)
                .orElseThrow(() -> new NoSuchFileException(storagePath)), false)
                .compose(stream -> new ChunkedSend(vertx, size -> read(stream, size), response, length).start()
                        .eventually(() -> vertx.executeBlocking(() -> {
                            close(stream);
                            return null;
                        }, false)));
    }

    private static Buffer read(InputStream stream, int size) throws IOException {
        byte[] bytes = stream.readNBytes(size);
        if (bytes.length == 0) {
            throw new EOFException("the export ended before the size recorded for it");
        }
        return Buffer.buffer(bytes);
    }

    private static void close(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
