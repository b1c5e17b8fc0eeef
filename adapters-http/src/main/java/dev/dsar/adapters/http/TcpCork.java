package dev.dsar.adapters.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code TCP_CORK} around a file sent with {@code sendfile}, as nginx's {@code tcp_nopush}: the headers and
 * the file leave in full-size segments instead of one segment per chunk the kernel happens to have. The
 * receiving side then spends half the CPU per byte, which is what bounds large downloads on a busy host
 * (docs/performance.md). Uncorking after the last byte pushes out the tail at once, so keep-alive answers that
 * follow are not delayed.
 *
 * <p>Linux's epoll transport only; elsewhere (NIO), and if the connection is not the plain HTTP/1 one this
 * reaches into, it does nothing.
 */
final class TcpCork {

    private static final ChannelOption<Boolean> TCP_CORK = corkOption();

    private TcpCork() {
    }

    /** The epoll transport's option, registered when its class loads; null where that transport is absent. */
    private static ChannelOption<Boolean> corkOption() {
        try {
            Class.forName("io.netty.channel.epoll.EpollChannelOption");
        } catch (ClassNotFoundException | LinkageError noEpoll) {
            return null;
        }
        String name = "io.netty.channel.epoll.EpollChannelOption#TCP_CORK";
        return ChannelOption.exists(name) ? ChannelOption.valueOf(name) : null;
    }

    static void set(HttpServerRequest request, boolean corked) {
        Channel channel = TCP_CORK == null ? null : channel(request);
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.config().setOption(TCP_CORK, corked);
        } catch (ChannelException closedMeanwhile) {
            // the client went away: nothing left to push
        }
    }

    /** The option as the socket has it now; empty where {@link #set} would do nothing (read by its test). */
    static java.util.Optional<Boolean> state(HttpServerRequest request) {
        Channel channel = TCP_CORK == null ? null : channel(request);
        return channel == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(channel.config().getOption(TCP_CORK));
    }

    private static Channel channel(HttpServerRequest request) {
        // Vert.x has no public way to a connection's socket options; its HTTP/1 connection exposes the channel.
        if (request.connection() instanceof io.vertx.core.http.impl.HttpServerConnection connection) {
            return connection.channelHandlerContext().channel();
        }
        return null;
    }
}
