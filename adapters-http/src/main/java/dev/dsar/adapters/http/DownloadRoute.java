package dev.dsar.adapters.http;

import dev.dsar.adapters.http.metrics.HttpMetrics;
import dev.dsar.adapters.http.metrics.HttpMetrics.DownloadOutcome;
import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.application.port.in.DownloadExportUseCase;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD /api/dsar/download/{ref}}: the owner's export file, zero-copy (small files from memory,
 * {@link SmallExportFiles}), with one byte range at most.
 *
 * <p>The file is opened before any header is written. If it cannot be opened (another instance's cleanup
 * deleted it after the decision), the decision is taken again from the stored state and the client gets its
 * JSON answer (410 or 500), never a 200 with a short body. Once open, the whole file is sent even if it is
 * deleted meanwhile: the open descriptor keeps its content.
 */
final class DownloadRoute implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadRoute.class);
    // Constant header values as AsciiString: encoded once, not validated again on every response.
    static final CharSequence ZIP = HttpHeaders.createOptimized("application/zip");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");
    private static final CharSequence NOSNIFF_HEADER = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

    private final DownloadExportUseCase downloads;
    private final HttpMetrics metrics;
    private final SmallExportFiles smallFiles;
    private final RemoteExports remote;

    DownloadRoute(DownloadExportUseCase downloads, HttpMetrics metrics, SmallExportFiles smallFiles) {
        this(downloads, metrics, smallFiles, null);
    }

    /** {@code remote}: where exports without a local file are sent from (null when every export is a file). */
    DownloadRoute(DownloadExportUseCase downloads, HttpMetrics metrics, SmallExportFiles smallFiles,
                  RemoteExports remote) {
        this.downloads = downloads;
        this.metrics = metrics;
        this.smallFiles = smallFiles;
        this.remote = remote;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<ReferenceId> reference = ReferenceId.parse(ctx.pathParam("ref"));
        if (reference.isEmpty()) {
            Responses.invalidReference(ctx);
            return;
        }
        Caller caller = BearerAuthentication.caller(ctx);
        downloads.decide(caller.userId(), reference.get()).onComplete(decided -> {
            if (decided.failed()) {
                ctx.fail(decided.cause());
                return;
            }
            answer(ctx, decided.result(), true);
        });
    }

    /** The one place where a download decision becomes an HTTP answer. */
    private void answer(RoutingContext ctx, DownloadDecision decision, boolean mayDecideAgain) {
        decision.fold(
                ready -> {
                    send(ctx, ready, mayDecideAgain);
                    return null;
                },
                notReady -> {
                    metrics.download(DownloadOutcome.NOT_READY);
                    Responses.json(ctx, 409, Responses.error("Export not ready").put("status", notReady.status().code()));
                    return null;
                },
                expired -> {
                    metrics.download(DownloadOutcome.EXPIRED);
                    Responses.json(ctx, 410, expiredBody(expired));
                    return null;
                },
                notFound -> {
                    metrics.download(DownloadOutcome.NOT_FOUND);
                    Responses.notFound(ctx);
                    return null;
                },
                missing -> {
                    metrics.download(DownloadOutcome.FILE_MISSING);
                    LOG.error("export {} is completed and within retention but its file is not available",
                            missing.reference());
                    Responses.error(ctx, 500, "File not available");
                    return null;
                });
    }

    static JsonObject expiredBody(DownloadDecision.Expired expired) {
        // retention_days alone reads 0 for a sub-day retention (PT1M): the ISO-8601 form says what is in force.
        return Responses.error("Export expired").put("retention_days", expired.retentionDays())
                .put("retention", isoDuration(expired.retention()))
                .put("message", dev.dsar.application.port.in.ExportStatusView.EXPIRED_MESSAGE);
    }

    /** ISO-8601, in days when whole days ({@code P30D} rather than Java's {@code PT720H}). */
    static String isoDuration(java.time.Duration duration) {
        return !duration.isZero() && duration.equals(java.time.Duration.ofDays(duration.toDays()))
                ? "P" + duration.toDays() + "D" : duration.toString();
    }

    private void send(RoutingContext ctx, DownloadDecision.Ready ready, boolean mayDecideAgain) {
        // RFC 9110 §13.2.2: If-None-Match first. A match means the client holds this very file already: it is
        // answered before the file is opened or read into memory.
        if (EntityTags.noneMatchFails(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), ready.sha256())) {
            metrics.download(DownloadOutcome.NOT_MODIFIED);
            ctx.response().setStatusCode(304)
                    .putHeader(HttpHeaders.ETAG, "\"" + ready.sha256() + "\"")
                    .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                    .putHeader(HttpHeaders.ACCEPT_RANGES, BYTES)
                    .putHeader(NOSNIFF_HEADER, NOSNIFF)
                    .end();
            return;
        }
        if (!ready.local()) {
            sendRemote(ctx, ready);
            return;
        }
        Buffer inMemory = smallFiles.lookup(ready);
        if (inMemory != null) {
            respond(ctx, ready, new Body.InMemory(inMemory));
            return;
        }
        RandomAccessFile file;
        try {
            // Opening is one short system call, done on the event loop as Vert.x's own sendFile does.
            file = new RandomAccessFile(ready.file().toFile(), "r");
        } catch (FileNotFoundException vanished) {
            smallFiles.forget(ready.reference());
            if (mayDecideAgain) {
                downloads.decideAfterFileVanished(BearerAuthentication.caller(ctx).userId(), ready.reference())
                        .onComplete(again -> {
                            if (again.failed()) {
                                ctx.fail(again.cause());
                            } else {
                                answer(ctx, again.result(), false);
                            }
                        });
            } else {
                answer(ctx, new DownloadDecision.FileMissing(ready.reference()), false);
            }
            return;
        }
        try {
            respond(ctx, ready, new Body.OnDisk(file, file.length(), ctx.vertx(),
                    ctx.request().version() == HttpVersion.HTTP_2));
        } catch (IOException unreadable) {
            close(file);
            ctx.fail(unreadable);
            return;
        }
        smallFiles.keep(ready);
    }

    /**
     * An export kept in an object store: a redirect to a short-lived URL of the store (the store then answers
     * ranges itself), or the bytes streamed through the service with the same headers as a file.
     */
    private void sendRemote(RoutingContext ctx, DownloadDecision.Ready ready) {
        if (remote.mode() == RemoteExports.Mode.PROXY) {
            respond(ctx, ready, new Body.Remote(ready.bytes(), ctx.vertx(), remote, ready.storagePath()));
            return;
        }
        String url = remote.urlFor(ready.storagePath(), "dsar-" + ready.reference() + ".zip", ready.expiresAt());
        metrics.download(DownloadOutcome.REDIRECTED);
        ctx.response().setStatusCode(302)
                .putHeader(HttpHeaders.LOCATION, url)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .putHeader(HttpHeaders.ETAG, "\"" + ready.sha256() + "\"")
                .putHeader(NOSNIFF_HEADER, NOSNIFF)
                .end();
        if (ctx.request().method() != HttpMethod.HEAD) {
            downloads.recordDownload(ready);
        }
    }

    /** The bytes to send: an open file (zero-copy) or a small file's content held in memory. */
    private sealed interface Body {
        long size();

        Future<Void> send(HttpServerResponse response, long offset, long length);

        void release();

        /**
         * The file opened for the decision, sent from that descriptor, so that a file deleted meanwhile (another
         * instance's cleanup) is still sent whole: zero-copy over HTTP/1.x; over HTTP/2, where Vert.x refuses an
         * open file (it would reopen it by path), read a chunk at a time on a worker thread and written with
         * back-pressure.
         */
        record OnDisk(RandomAccessFile file, long size, Vertx vertx, boolean http2) implements Body {
            @Override
            public Future<Void> send(HttpServerResponse response, long offset, long length) {
                return http2 ? new ChunkedSend(vertx, file, response, offset, length).start()
                        : response.sendFile(file, offset, length);
            }

            @Override
            public void release() {
                close(file);
            }
        }

        /** An object read through the service, opened only when sending starts (after the range is known). */
        record Remote(long size, Vertx vertx, RemoteExports remote, String storagePath) implements Body {
            @Override
            public Future<Void> send(HttpServerResponse response, long offset, long length) {
                return StreamedSend.start(vertx, remote, storagePath, response, offset, length);
            }

            @Override
            public void release() {
                // the stream is closed by StreamedSend
            }
        }

        record InMemory(Buffer content) implements Body {
            @Override
            public long size() {
                return content.length();
            }

            @Override
            public Future<Void> send(HttpServerResponse response, long offset, long length) {
                return response.end(offset == 0 && length == content.length()
                        ? content : content.slice((int) offset, (int) (offset + length)));
            }

            @Override
            public void release() {
                // shared, immutable content: nothing to release
            }
        }
    }

    private void respond(RoutingContext ctx, DownloadDecision.Ready ready, Body body) {
        long size = body.size();
        String etag = "\"" + ready.sha256() + "\"";
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, ZIP)
                .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"dsar-" + ready.reference() + ".zip\"")
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .putHeader(HttpHeaders.ACCEPT_RANGES, BYTES)
                .putHeader(NOSNIFF_HEADER, NOSNIFF);
        String ifRange = ctx.request().getHeader("If-Range");
        ByteRange range = ifRange != null && !ifRange.trim().equals(etag)
                ? new ByteRange.Whole()
                : ByteRange.parse(ctx.request().getHeader("Range"), size);
        if (range instanceof ByteRange.Unsatisfiable) {
            body.release();
            metrics.download(DownloadOutcome.RANGE_NOT_SATISFIABLE);
            response.headers().remove(HttpHeaders.CONTENT_TYPE).remove(HttpHeaders.CONTENT_DISPOSITION);
            response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            Responses.json(ctx, 416, Responses.error("Range not satisfiable"));
            return;
        }
        long offset = 0;
        long length = size;
        if (range instanceof ByteRange.Part part) {
            offset = part.first();
            length = part.length();
            response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, part.contentRange(size));
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            body.release();
            metrics.download(DownloadOutcome.HEAD);
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).end();
            return;
        }
        if (response.closed()) {
            // The client left while the decision was taken. Vert.x 5.0 fails with an unhandled NullPointerException
            // when a file is sent on a connection already closed: nothing is sent, nothing recorded.
            body.release();
            metrics.download(DownloadOutcome.INTERRUPTED);
            return;
        }
        boolean reachesTheEnd = offset + length == size;
        boolean partial = range instanceof ByteRange.Part;
        long sent = length;
        // Only an HTTP/1.x connection carries one response at a time: an HTTP/2 one is shared by other streams.
        boolean corked = body instanceof Body.OnDisk onDisk && !onDisk.http2();
        if (corked) {
            TcpCork.set(ctx.request(), true);
        }
        body.send(response, offset, length).onComplete(done -> {
            body.release();
            if (corked) {
                TcpCork.set(ctx.request(), false);
            }
            if (done.failed() && body instanceof Body.Remote && !response.headWritten()) {
                // Nothing sent yet: the object is gone (500 as for a missing file) or the store is unreachable (503).
                response.headers().clear();
                if (done.cause() instanceof java.nio.file.NoSuchFileException) {
                    answer(ctx, new DownloadDecision.FileMissing(ready.reference()), false);
                } else {
                    ctx.fail(done.cause());
                }
                return;
            }
            if (done.failed()) {
                // The client went away before the end: nothing to answer, nothing to record. Should the connection
                // still be open (a send that failed on the server's side), close it: a client must not wait forever.
                if (!response.ended()) {
                    response.reset();
                }
                metrics.download(DownloadOutcome.INTERRUPTED);
            } else {
                metrics.download(partial ? DownloadOutcome.PARTIAL : DownloadOutcome.SENT);
                metrics.bytesSent(sent);
                if (reachesTheEnd) {
                    downloads.recordDownload(ready);
                }
            }
        });
    }

    private static void close(RandomAccessFile file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // read-only descriptor: nothing was written that could be lost
        }
    }
}
