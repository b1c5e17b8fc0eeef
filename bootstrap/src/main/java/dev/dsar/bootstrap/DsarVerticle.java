package dev.dsar.bootstrap;

import dev.dsar.adapters.http.HttpApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API on one event loop; {@code serve} deploys one instance per core, all sharing {@link Components}. */
public final class DsarVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DsarVerticle.class);

    private final Components components;
    private HttpServer server;

    public DsarVerticle(Components components) {
        this.components = components;
    }

    @Override
    public Future<?> start() {
        DsarConfig config = components.config();
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setCompressionSupported(false)
                .setTcpNoDelay(true));
        return server.requestHandler(HttpApi.create(vertx, new HttpApi.Dependencies(components::databaseCheck, components.observability())))
                .listen()
                .onSuccess(listening -> LOG.debug("HTTP API listening on {}:{}", config.httpHost(), listening.actualPort()));
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
