package dev.dsar.adapters.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection-level limits Vert.x does not offer: a cap on open connections, a deadline for a request's head
 * (slowloris), an idle timeout that does not cut a long download, and the strict request decoder. Shared by
 * every server instance (one count for the process).
 *
 * <p>This is the one place that reaches into Vert.x's internals ({@code io.vertx.core.http.impl}): the Netty
 * pipeline of each connection, where it replaces the handlers named {@code httpDecoder} and {@code idle}.
 * {@code HttpConnectionSettingsIT} fails if those names or types change.
 *
 * <p>Until a connection's first bytes tell HTTP/1 from HTTP/2 (h2c prior knowledge), Vert.x does not hand it
 * over; for that stage the server's own idle timeout is set to the header timeout ({@link #configure}), so a
 * client that connects and sends nothing is closed after it too.
 */
public final class HttpConnectionGuard {

    private static final byte[] TOO_MANY = rawJson(503, "Service Unavailable", "Too many connections", "Retry-After: 1\r\n");
    private static final byte[] TIMED_OUT = rawJson(408, "Request Timeout", "Request timeout", "");

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
            open.incrementAndGet();
            channel.closeFuture().addListener(closed -> open.decrementAndGet());
            ChannelPipeline pipeline = context.pipeline();
            if (open.get() > limits.maxConnections()) {
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
                HeadDeadline deadline = new HeadDeadline(limits.headerTimeout().toMillis(), !firstRequestDecoded, decoder);
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
        pipeline.firstContext().writeAndFlush(Unpooled.wrappedBuffer(TOO_MANY))
                .addListener(written -> duplex.shutdownOutput());
        channel.eventLoop().schedule(() -> channel.close(), limits.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connections open now (for tests and metrics). */
    public int openConnections() {
        return open.get();
    }

    /**
     * The time a client has to send a request's head, from the connection's start or from the first byte after
     * the previous request. Past it, a JSON 408 and the connection closed. Bytes arrive on the first handler, the
     * parsed head on the second; both run on the connection's event loop.
     */
    private static final class HeadDeadline {
        private final long millis;
        private ChannelHandlerContext rawContext;
        private ScheduledFuture<?> timer;
        private final StrictHttpRequestDecoder decoder;
        private boolean awaitingHead;

        /** {@code decoder}: ours, to see bytes of a next request that arrived with the previous one; or null. */
        HeadDeadline(long millis, boolean awaitingHead, StrictHttpRequestDecoder decoder) {
            this.millis = millis;
            this.awaitingHead = awaitingHead;
            this.decoder = decoder;
        }

        ChannelInboundHandlerAdapter bytes() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void handlerAdded(ChannelHandlerContext ctx) {
                    rawContext = ctx;
                    if (awaitingHead) {
                        start();
                    }
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (awaitingHead && timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                        start();
                    }
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    cancel();
                    ctx.fireChannelInactive();
                }
            };
        }

        ChannelInboundHandlerAdapter parsed() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof HttpRequest) {
                        awaitingHead = false;
                        cancel();
                    }
                    if (msg instanceof LastHttpContent) {
                        // The next request's deadline starts with its first byte, not now: between requests the
                        // idle timeout applies. Its first bytes may have come with this request's last ones.
                        awaitingHead = true;
                        if (decoder != null && decoder.hasPendingBytes()) {
                            start();
                        }
                    }
                    ctx.fireChannelRead(msg);
                }
            };
        }

        private void start() {
            cancel();
            timer = rawContext.executor().schedule(this::expire, millis, TimeUnit.MILLISECONDS);
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void expire() {
            timer = null;
            if (awaitingHead && rawContext.channel().isActive()) {
                rawContext.writeAndFlush(Unpooled.wrappedBuffer(TIMED_OUT)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** A complete JSON error written below Vert.x's HTTP encoder, for connections Vert.x is not serving. */
    private static byte[] rawJson(int status, String reason, String error, String extraHeaders) {
        byte[] body = Responses.error(error).encode().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\ncontent-type: application/json\r\ncache-control: no-store\r\n"
                + extraHeaders + "connection: close\r\ncontent-length: " + body.length + "\r\n\r\n";
        byte[] all = new byte[head.length() + body.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, all, 0, head.length());
        System.arraycopy(body, 0, all, head.length(), body.length);
        return all;
    }
}
