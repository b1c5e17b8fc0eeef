package dev.dsar.bootstrap;

import dev.dsar.adapters.http.HttpApi;
import dev.dsar.adapters.http.HttpConnectionGuard;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** The HTTP API on one event loop; {@code serve} deploys one instance per core, all sharing one {@link HttpApi}. */
public final class DsarVerticle extends VerticleBase {

    private final DsarConfig config;
    private final HttpApi api;
    private final HttpConnectionGuard guard;
    private HttpServer server;

    public DsarVerticle(DsarConfig config, HttpApi api, HttpConnectionGuard guard) {
        this.config = config;
        this.api = api;
        this.guard = guard;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = guard.configure(new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                // Downloads are already compressed ZIPs, sent zero-copy; JSON answers are small.
                .setCompressionSupported(false)
                .setTcpNoDelay(true));
        server = vertx.createHttpServer(options);
        return server.requestHandler(api.router(vertx)).invalidRequestHandler(api.invalidRequestHandler())
                .connectionHandler(guard.connectionHandler(options)).listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
