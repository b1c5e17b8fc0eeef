package dev.dsar.adapters.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sends a range of an already open file (or of any blocking source, {@link StreamedSend}): each chunk read on a
 * worker thread (positional reads of a file, so the descriptor's own offset is never shared), written on the
 * response's event loop, the next one read only once the response can take it. Used where zero-copy is not
 * available (HTTP/2).
 *
 * <p>Not an {@code AsyncFile} piped with a read position and length: Vert.x opens an {@code AsyncFile} only by
 * path, never from a descriptor already open, so it would reopen the file after the decision and a deletion in
 * between (another instance's cleanup; {@code HttpDownloadIT}'s HTTP/2 deletion race) would turn a download
 * decided ready into a failed one. Opening only an {@code AsyncFile} for HTTP/2 instead would move the open, the
 * size and the vanished-file answer into an asynchronous branch of their own, more code than this class.
 */
final class ChunkedSend {

    static final int CHUNK = 256 * 1024;

    /** The next chunk of at most {@code size} bytes, read blocking (on a worker thread); never empty. */
    @FunctionalInterface
    interface Chunks {
        Buffer read(int size) throws IOException;
    }

    private final Vertx vertx;
    private final Chunks chunks;
    private final HttpServerResponse response;
    private final Promise<Void> done = Promise.promise();
    private long left;

    ChunkedSend(Vertx vertx, RandomAccessFile file, HttpServerResponse response, long offset, long length) {
        this(vertx, new FileChunks(file.getChannel(), offset), response, length);
    }

    /** {@code length} bytes from any blocking source (an object store's response). */
    ChunkedSend(Vertx vertx, Chunks chunks, HttpServerResponse response, long length) {
        this.vertx = vertx;
        this.chunks = chunks;
        this.response = response;
        this.left = length;
    }

    /** Completes when the last byte is written, fails when the client went away or the file could not be read. */
    Future<Void> start() {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(left));
        response.exceptionHandler(done::tryFail);
        response.closeHandler(closed -> done.tryFail("the client closed the stream"));
        next();
        return done.future();
    }

    private void next() {
        if (done.future().isComplete()) {
            return;
        }
        if (left == 0) {
            // Not onComplete(done): a client gone during the end has already failed the send (exception and
            // close handlers), and the end then fails too; the first outcome stands.
            response.end().onComplete((ended, failure) -> {
                if (failure == null) {
                    done.tryComplete();
                } else {
                    done.tryFail(failure);
                }
            });
            return;
        }
        int size = (int) Math.min(CHUNK, left);
        vertx.executeBlocking(() -> chunks.read(size), false).onComplete(read -> {
            if (read.failed()) {
                done.tryFail(read.cause());
                return;
            }
            Buffer chunk = read.result();
            left -= chunk.length();
            response.write(chunk).onFailure(done::tryFail);
            if (response.writeQueueFull()) {
                response.drainHandler(drained -> {
                    response.drainHandler(null);   // one read in flight at a time
                    next();
                });
            } else {
                next();
            }
        });
    }

    /** Positional reads of an open file: the descriptor's own offset is never shared. */
    private static final class FileChunks implements Chunks {
        private final FileChannel channel;
        private long position;

        FileChunks(FileChannel channel, long offset) {
            this.channel = channel;
            this.position = offset;
        }

        @Override
        public Buffer read(int size) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(size);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, position + bytes.position()) < 0) {
                    throw new EOFException("the file ended before the size recorded for it");
                }
            }
            position += size;
            return Buffer.buffer(bytes.array());
        }
    }
}
