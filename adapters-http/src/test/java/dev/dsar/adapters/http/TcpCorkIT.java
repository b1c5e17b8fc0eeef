package dev.dsar.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TcpCork reaches into Vert.x's HTTP/1 connection for its channel: after an upgrade that moves or renames it,
 * corking would silently stop. This fails instead.
 */
class TcpCorkIT {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void corksAndUncorksAnHttp1ConnectionOnTheNativeTransport() {
        assertThat(vertx.isNativeTransportEnabled()).as("epoll, as serve uses on Linux").isTrue();
        List<Optional<Boolean>> seen = new ArrayList<>();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            TcpCork.set(request, true);
            seen.add(TcpCork.state(request));
            TcpCork.set(request, false);
            seen.add(TcpCork.state(request));
            request.response().end("ok");
        }).listen(0, "127.0.0.1").await();
        WebClient client = WebClient.create(vertx);

        int status = client.get(server.actualPort(), "127.0.0.1", "/").send().await().statusCode();

        assertThat(status).isEqualTo(200);
        assertThat(seen).containsExactly(Optional.of(true), Optional.of(false));
    }
}
