package dev.dsar.adapters.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection-level limits Vert.x does not offer: a cap on open connections, a deadline for a request's head
 * (slowloris), an idle timeout that does not cut a long download, and the strict request decoder. Shared by
 * every server instance (one count for the process).
 *
 * <p>With {@link StrictHttpRequestDecoder} and {@link TcpCork}, this is where the HTTP adapter reaches into
 * Vert.x's internals ({@code io.vertx.core.http.impl}, pinned by an architecture rule): the Netty pipeline of
 * each connection, where it replaces the handlers named {@code httpDecoder} and {@code idle}.
 * {@code HttpConnectionTimeoutsIT}, {@code HttpConnectionCapIT} and {@code HttpProtocolIT} fail if those names
 * or types change.
 *
 * <p>With HTTP/2 over cleartext off (the default), Vert.x hands an HTTP/1 connection over as soon as it is
 * accepted, before any byte is decoded. With it on, Vert.x first reads enough to tell HTTP/1 from HTTP/2 and
 * decodes the first HTTP/1 request itself: the strict decoder and the head deadline then only apply from the
 * second request on, and until the hand-over the server's own idle timeout, set to the header timeout
 * ({@link #configure}), is all that closes a silent client.
 */
public final class HttpConnectionGuard {

    private final HttpConnectionSettings limits;
    private final AtomicInteger open = new AtomicInteger();

    public HttpConnectionGuard(HttpConnectionSettings limits) {
        this.limits = limits;
    }

    /** The options with what the guard needs from Vert.x itself. */
    public HttpServerOptions configure(HttpServerOptions options) {
        return options.setHttp2ClearTextEnabled(limits.http2Cleartext())
                .setIdleTimeout((int) Math.max(1, limits.headerTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /** For {@code HttpServer.connectionHandler}: the server's options are those its decoder must keep. */
    public Handler<HttpConnection> connectionHandler(HttpServerOptions options) {
        return connection -> {
            if (!(connection instanceof HttpServerConnection server)) {
                return;
            }
            ChannelHandlerContext context = server.channelHandlerContext();
            Channel channel = context.channel();
            int openNow = open.incrementAndGet();
            channel.closeFuture().addListener(closed -> open.decrementAndGet());
            ChannelPipeline pipeline = context.pipeline();
            if (openNow > limits.maxConnections()) {
                refuse(connection, pipeline, channel);
                return;
            }
            // observeOutput: a download in progress (a file region still being written) counts as traffic.
            long idle = limits.idleTimeout().toMillis();
            if (pipeline.get("idle") != null) {
                pipeline.replace("idle", "idle", new IdleStateHandler(true, 0, 0, idle, TimeUnit.MILLISECONDS));
            }
            if (connection instanceof Http1xServerConnection && pipeline.get("httpDecoder") != null) {
                // The h2c upgrade handler still in place: Vert.x is handing over from within the decoder, which
                // has just decoded the first request and must not be replaced while it runs.
                boolean firstRequestDecoded = pipeline.get("h2c") != null;
                if (!firstRequestDecoded) {
                    pipeline.replace("httpDecoder", "httpDecoder", new StrictHttpRequestDecoder(options));
                }
                StrictHttpRequestDecoder decoder = firstRequestDecoded ? null
                        : (StrictHttpRequestDecoder) pipeline.get("httpDecoder");
                RequestHeadDeadline deadline = new RequestHeadDeadline(limits.headerTimeout().toMillis(), !firstRequestDecoded, decoder);
                pipeline.addBefore("httpDecoder", "dsarHeadBytes", deadline.bytes());
                pipeline.addBefore("handler", "dsarHeadParsed", deadline.parsed());
            }
        };
    }

    /**
     * A JSON 503, then half-closed: whatever the client sent is read and dropped until it closes too, since
     * closing with its request unread would reset the connection before it could read the answer. The head
     * deadline bounds how long that may take.
     */
    private void refuse(HttpConnection connection, ChannelPipeline pipeline, Channel channel) {
        if (!(connection instanceof Http1xServerConnection) || !(channel instanceof io.netty.channel.socket.DuplexChannel duplex)) {
            channel.close();
            return;
        }
        pipeline.addFirst("dsarRefused", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        });
        pipeline.firstContext().writeAndFlush(Unpooled.wrappedBuffer(RawAnswers.TOO_MANY))
                .addListener(written -> duplex.shutdownOutput());
        channel.eventLoop().schedule(() -> channel.close(), limits.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

}
