package dev.dsar.adapters.http.violations;

/** Breaks the internals rule on purpose (test sources only): a Vert.x implementation class outside the allow-list. */
public final class HttpAdapterReachingIntoVertx {
    public boolean internal(io.vertx.core.http.HttpConnection connection) {
        return connection instanceof io.vertx.core.http.impl.HttpServerConnection;
    }
}
