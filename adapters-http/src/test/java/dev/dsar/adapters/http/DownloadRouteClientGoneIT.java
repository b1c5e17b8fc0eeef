package dev.dsar.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.http.metrics.HttpMetrics;
import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.application.port.in.DownloadExportUseCase;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that hangs up while its download is being decided: nothing is sent, and no exception escapes to the
 * event loop (Vert.x 5.0 throws one from {@code sendFile} on a connection already closed).
 */
class DownloadRouteClientGoneIT {

    private final Vertx vertx = Vertx.vertx();
    private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void aClientGoneBeforeTheDecisionGetsNothingAndNoExceptionEscapes() throws Exception {
        vertx.exceptionHandler(unhandled::add);
        UserId owner = UserId.parse("7").orElseThrow();
        ReferenceId reference = ReferenceId.generate(new SecureRandom());
        Path file = Files.write(directory.resolve("export.zip"), new byte[(int) SmallExportFiles.MAX_FILE_BYTES + 1]);
        Promise<DownloadDecision> decision = Promise.promise();
        Promise<Void> clientGone = Promise.promise();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HttpMetrics metrics = new HttpMetrics(registry);
        DownloadRoute route = new DownloadRoute(new DecidedLater(decision.future()), metrics,
                new SmallExportFiles(vertx, Clock.systemUTC(), registry));
        Router router = Router.router(vertx);
        router.get("/api/dsar/download/:ref").handler(ctx -> {
            ctx.put(BearerAuthentication.CALLER, new Caller(owner, false, Instant.MAX));
            ctx.request().connection().closeHandler(closed -> clientGone.complete());
            ctx.next();
        }).handler(route);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        NetSocket socket = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await();
        List<Buffer> received = new CopyOnWriteArrayList<>();
        socket.handler(received::add);

        socket.write("GET /api/dsar/download/" + reference + " HTTP/1.1\r\nHost: localhost\r\n\r\n").await();
        socket.close().await();
        clientGone.future().await();
        long bytes = Files.size(file);
        vertx.runOnContext(ignored -> decision.complete(new DownloadDecision.Ready(reference, owner, file,
                bytes, "0".repeat(64), Instant.now().plusSeconds(3600))));
        // A round trip through the server's event loop: whatever the decision set off has run by then.
        vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
                .compose(request -> request.send()).await();

        assertThat(received).isEmpty();
        assertThat(unhandled).isEmpty();
        assertThat(registry.find("dsar_downloads").tag("outcome", "interrupted").counter())
                .as("counted as interrupted").isNotNull()
                .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
    }

    private record DecidedLater(Future<DownloadDecision> later) implements DownloadExportUseCase {
        @Override
        public Future<DownloadDecision> decide(UserId caller, ReferenceId reference) {
            return later;
        }

        @Override
        public Future<DownloadDecision> decideAfterFileVanished(UserId caller, ReferenceId reference) {
            return later;
        }

        @Override
        public void recordDownload(DownloadDecision.Ready sent) {
            throw new AssertionError("nothing was sent");
        }
    }
}
