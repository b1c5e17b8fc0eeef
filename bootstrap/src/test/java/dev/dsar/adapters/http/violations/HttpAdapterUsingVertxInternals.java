package dev.dsar.adapters.http.violations;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;

/** Breaks the rule on Vert.x internals: an HTTP adapter class, not on the allow-list, reaching the Netty channel. */
public final class HttpAdapterUsingVertxInternals {

    public Object channel(HttpConnection connection) {
        return ((HttpServerConnection) connection).channelHandlerContext().channel();
    }
}
