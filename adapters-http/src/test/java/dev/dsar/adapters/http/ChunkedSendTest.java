package dev.dsar.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send's outcome is completed once, whatever order the response reports its end and the client's departure
 * in: an HTTP/2 stream reset while the last write is ending both closes the stream and fails the end.
 */
class ChunkedSendTest {

    @TempDir
    Path directory;

    final Vertx vertx = Vertx.vertx();
    final List<Throwable> unhandled = new CopyOnWriteArrayList<>();
    /** The response's event loop: what the test does there runs between the send's own steps, never during one. */
    final Context loop = vertx.getOrCreateContext();

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    <T> T onLoop(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(ignored -> {
            try {
                result.complete(action.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    static <T> void awaitEnd(Future<T> future) throws Exception {
        future.toCompletionStage().toCompletableFuture().handle((result, failure) -> null).get(10, TimeUnit.SECONDS);
    }

    /** The parts of a response that ChunkedSend uses; {@code end()} completes when the test says. */
    static final class Response {
        final Promise<Void> ended = Promise.promise();
        final CompletableFuture<Void> endCalled = new CompletableFuture<>();
        final List<Buffer> written = new CopyOnWriteArrayList<>();
        volatile Handler<Void> closeHandler;
        volatile Handler<Throwable> exceptionHandler;

        @SuppressWarnings("unchecked")
        HttpServerResponse proxy() {
            return (HttpServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServerResponse.class}, (self, method, args) -> switch (method.getName()) {
                        case "putHeader" -> self;
                        case "closeHandler" -> {
                            closeHandler = (Handler<Void>) args[0];
                            yield self;
                        }
                        case "exceptionHandler" -> {
                            exceptionHandler = (Handler<Throwable>) args[0];
                            yield self;
                        }
                        case "write" -> {
                            written.add((Buffer) args[0]);
                            yield Future.succeededFuture();
                        }
                        case "writeQueueFull" -> false;
                        case "end" -> {
                            endCalled.complete(null);
                            yield ended.future();
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void aClientThatGoesAwayWhileTheLastWriteEndsFailsTheSendOnceAndNothingIsLeftUnhandled() throws Exception {
        vertx.exceptionHandler(unhandled::add);
        Path file = Files.write(directory.resolve("export.zip"), new byte[1000]);
        Response response = new Response();
        Future<Void> sent;
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "r")) {
            sent = onLoop(() -> new ChunkedSend(vertx, open, response.proxy(), 0, 1000).start());
            response.endCalled.get(10, TimeUnit.SECONDS);

            Throwable thrown = onLoop(() -> {
                response.exceptionHandler.handle(new IOException("stream reset by the client"));
                response.closeHandler.handle(null);
                try {
                    response.ended.fail(new IOException("stream closed"));
                    return null;
                } catch (RuntimeException completedTwice) {
                    return completedTwice;
                }
            });
            awaitEnd(sent);

            assertThat(thrown).isNull();
        }
        assertThat(sent.failed()).isTrue();
        assertThat(sent.cause()).hasMessage("stream reset by the client");
        assertThat(response.written).hasSize(1);
        assertThat(unhandled).isEmpty();
    }

    @Test
    void aSendThatEndsCompletesOnce() throws Exception {
        Path file = Files.write(directory.resolve("export.zip"), new byte[ChunkedSend.CHUNK + 10]);
        Response response = new Response();
        Future<Void> sent;
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "r")) {
            sent = onLoop(() -> new ChunkedSend(vertx, open, response.proxy(), 0, ChunkedSend.CHUNK + 10).start());
            response.endCalled.get(10, TimeUnit.SECONDS);
            onLoop(() -> response.ended.tryComplete());
            awaitEnd(sent);
        }

        assertThat(sent.succeeded()).isTrue();
        assertThat(response.written).extracting(Buffer::length).containsExactly(ChunkedSend.CHUNK, 10);
    }
}
