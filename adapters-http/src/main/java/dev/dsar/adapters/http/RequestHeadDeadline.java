package dev.dsar.adapters.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time a client has to send a request's head, from the connection's start or from the first byte after
 * the previous request. Past it, a JSON 408 and the connection closed. Bytes arrive on the first handler, the
 * parsed head on the second; both run on the connection's event loop.
 */
final class RequestHeadDeadline {

    private final long millis;
    private final StrictHttpRequestDecoder decoder;
    private ChannelHandlerContext rawContext;
    private ScheduledFuture<?> timer;
    private boolean awaitingHead;

    /** {@code decoder}: ours, to see bytes of a next request that arrived with the previous one; or null. */
    RequestHeadDeadline(long millis, boolean awaitingHead, StrictHttpRequestDecoder decoder) {
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

    /**
     * After the decoder: a parsed head stops the deadline. Also answers a body the decoder could not frame
     * (a bad chunk size) with a JSON 400 when no answer has begun, where Vert.x would just close.
     */
    ChannelDuplexHandler parsed() {
        return new ChannelDuplexHandler() {
            private boolean answering;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    awaitingHead = false;
                    cancel();
                }
                if (msg instanceof HttpContent content && !(msg instanceof HttpRequest) && content.decoderResult().isFailure()
                        && !answering) {
                    content.release();
                    rawContext.writeAndFlush(Unpooled.wrappedBuffer(RawAnswers.BAD_BODY)).addListener(ChannelFutureListener.CLOSE);
                    return;
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

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof HttpResponse response && response.status().code() >= 200) {
                    answering = true;
                }
                if (msg instanceof LastHttpContent) {
                    answering = false;
                }
                ctx.write(msg, promise);
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
            rawContext.writeAndFlush(Unpooled.wrappedBuffer(RawAnswers.TIMED_OUT)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
