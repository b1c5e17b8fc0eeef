package dev.dsar.bootstrap.violations;

/** Breaks the web rule on purpose (test sources only): a router built outside the HTTP adapter. */
public final class RouterInBootstrap {
    public Object router(io.vertx.core.Vertx vertx) {
        return io.vertx.ext.web.Router.router(vertx);
    }
}
