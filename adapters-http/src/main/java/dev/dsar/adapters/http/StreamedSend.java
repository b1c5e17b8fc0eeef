package dev.dsar.adapters.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * Sends a range of an export read from a blocking stream (an object store's response): each chunk read on a
 * worker thread, written on the response's event loop, the next one read only once the response can take it,
 * so memory holds one chunk per download whatever the export's size.
 */
final class StreamedSend {

    private final Vertx vertx;
    private final RemoteExports remote;
    private final String storagePath;
    private final HttpServerResponse response;
    private final Promise<Void> done = Promise.promise();
    private final long offset;
    private long left;
    private InputStream stream;

    StreamedSend(Vertx vertx, RemoteExports remote, String storagePath, HttpServerResponse response, long offset,
                 long length) {
        this.vertx = vertx;
        this.remote = remote;
        this.storagePath = storagePath;
        this.response = response;
        this.offset = offset;
        this.left = length;
    }

    /** Fails with {@link NoSuchFileException} before any byte is written if the export is gone. */
    Future<Void> start() {
        long length = left;
        return vertx.executeBlocking(() -> remote.open(storagePath, offset, length)
                .orElseThrow(() -> new NoSuchFileException(storagePath)), false).compose(opened -> {
                    stream = opened;
                    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(left));
                    response.exceptionHandler(done::tryFail);
                    response.closeHandler(closed -> done.tryFail("the client closed the stream"));
                    next();
                    return done.future().eventually(() -> vertx.executeBlocking(() -> {
                        try {
                            stream.close();
                        } catch (IOException ignored) {
                            // read-only: nothing to lose
                        }
                        return null;
                    }, false));
                });
    }

    private void next() {
        if (done.future().isComplete()) {
            return;
        }
        if (left == 0) {
            response.end().onComplete((ended, failure) -> {
                if (failure == null) {
                    done.tryComplete();
                } else {
                    done.tryFail(failure);
                }
            });
            return;
        }
        int size = (int) Math.min(ChunkedSend.CHUNK, left);
        vertx.executeBlocking(() -> read(size), false).onComplete(read -> {
            if (read.failed()) {
                done.tryFail(read.cause());
                return;
            }
            Buffer chunk = read.result();
            left -= chunk.length();
            response.write(chunk).onFailure(done::tryFail);
            if (response.writeQueueFull()) {
                response.drainHandler(drained -> {
                    response.drainHandler(null);
                    next();
                });
            } else {
                next();
            }
        });
    }

    private Buffer read(int size) throws IOException {
        byte[] bytes = stream.readNBytes(size);
        if (bytes.length == 0) {
            throw new EOFException("the export ended before the size recorded for it");
        }
        return Buffer.buffer(bytes);
    }
}
