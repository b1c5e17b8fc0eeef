package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that hold connections without finishing anything: some trickle their request head a byte at a time,
 * some start a large download and never read it, some connect and say nothing. Meanwhile another client's
 * health checks and downloads are all served, whole; the server closes the trickling and silent connections
 * once the header timeout has passed (shortened to 1 s here, so that it passes within the test).
 */
class SlowClientsIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService().with("DSAR_HTTP_HEADER_TIMEOUT", "PT1S")
            .with("DSAR_HTTP_IDLE_TIMEOUT", "PT2S");

    private static final int EACH = 100;

    @Test
    void healthChecksAndDownloadsAreServedWhileSlowClientsHoldConnections() throws Exception {
        Export big = dsar.completedExport(dsar.newUser(), 4 * 1024 * 1024);
        Export small = dsar.completedExport(dsar.newUser(), 64 * 1024);
        String bigToken = dsar.token(big.owner());
        String smallToken = dsar.token(small.owner());
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        // The others come on new connections, as new visitors do: a pooled one could be closed by the server's idle
        // timeout (2 s here) in the instant it is reused, which would say nothing about slow clients.
        WebClient others = WebClient.create(dsar.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(dsar.service().port()).setKeepAlive(false));
        try {
            List<Socket> tricklers = open(sockets, EACH);
            List<Socket> stalledReaders = open(sockets, EACH);
            List<Socket> silent = open(sockets, EACH);
            byte[] head = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: trickle\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            AtomicInteger sent = new AtomicInteger();
            Semaphore ticks = new Semaphore(0);
            // One byte per connection every 100 ms: the head takes about 6 s to arrive, if ever.
            trickle.scheduleAtFixedRate(() -> {
                int index = sent.getAndIncrement();
                if (index < head.length) {
                    for (Socket socket : tricklers) {
                        write(socket, new byte[] {head[index]});
                    }
                }
                ticks.release();
            }, 0, 100, TimeUnit.MILLISECONDS);
            for (Socket socket : stalledReaders) {
                write(socket, ("GET /api/dsar/download/" + big.reference() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + bigToken + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            for (Socket socket : stalledReaders) {
                // The answer has begun: the download is in flight, and from now on nobody reads it.
                assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 200");
            }

            List<Long> latencies = new ArrayList<>();
            // One round per trickle tick, until every trickled head is complete.
            for (int round = 0; round <= head.length; round++) {
                assertThat(ticks.tryAcquire(10, TimeUnit.SECONDS)).as("the trickle goes on").isTrue();
                long start = System.nanoTime();
                HttpResponse<Buffer> health = others.get("/health").send().await();
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
                HttpResponse<Buffer> download = others.get("/api/dsar/download/" + small.reference())
                        .bearerTokenAuthentication(smallToken).send().await();
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(RunningService.sha256(download.body().getBytes())).isEqualTo(small.sha256());
                latencies.add(Deadline.millisSince(start));
            }
            HttpResponse<Buffer> whole = others.get("/api/dsar/download/" + big.reference())
                    .bearerTokenAuthentication(bigToken).send().await();
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(RunningService.sha256(whole.body().getBytes())).isEqualTo(big.sha256());

            // The trickle lasted about 6 s: past the header timeout, every trickling and silent connection is closed.
            long openTricklers = stillOpen(tricklers);
            long openSilent = stillOpen(silent);
            assertThat(openTricklers).as("trickling connections the server left open").isZero();
            assertThat(openSilent).as("silent connections the server left open").isZero();
            // A stalled download is either whole when read at last, or was closed by the server: never anything else.
            long drained = 0;
            for (Socket socket : stalledReaders) {
                drained += drain(socket, big.content().length);
            }

            Collections.sort(latencies);
            System.out.printf("slow clients: %d trickling heads, %d stalled 4 MiB downloads, %d silent connections held;"
                            + " %d rounds (one per trickled byte) of /health + 64 KiB download all served, median %d ms, max %d ms; still open at"
                            + " the end: %d trickling, %d silent; stalled downloads: %d whole when finally read, %d closed by the"
                            + " server%n", EACH, EACH, EACH, latencies.size(), latencies.get(latencies.size() / 2),
                    latencies.get(latencies.size() - 1), openTricklers, openSilent, drained, EACH - drained);
        } finally {
            others.close();
            trickle.shutdownNow();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static List<Socket> open(List<Socket> all, int count) throws IOException {
        List<Socket> opened = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            // A small receive window, so that a reader that stops reading stalls the sender soon.
            socket.setReceiveBufferSize(4096);
            all.add(socket);
            socket.connect(new InetSocketAddress("127.0.0.1", dsar.service().port()), 5_000);
            opened.add(socket);
        }
        return opened;
    }

    private static void write(Socket socket, byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException closedByTheServer) {
            // what a server may do to a slow client; counted at the end
        }
    }

    /**
     * Reads the rest of a 200 answer whose first 12 bytes were read: 1 if the whole body came, 0 if the server
     * closed the connection first (its Content-Length tells the client the body is cut).
     */
    private static int drain(Socket socket, int length) throws IOException {
        socket.setSoTimeout(30_000);
        try {
            java.io.InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    return 0;
                }
                head.append((char) next);
            }
            assertThat(head.toString()).containsIgnoringCase("content-length: " + length + "\r\n");
            return in.readNBytes(length).length == length ? 1 : 0;
        } catch (java.net.SocketException reset) {
            return 0;
        }
    }

    /**
     * Connections the server has not closed. Whatever it sent first (a 408) is read: then an end of stream or a
     * reset says closed, a read that times out says open.
     */
    private static long stillOpen(List<Socket> sockets) throws IOException {
        long open = 0;
        byte[] buffer = new byte[4096];
        for (Socket socket : sockets) {
            socket.setSoTimeout(50);
            try {
                while (socket.getInputStream().read(buffer) >= 0) {
                    // what the server said before closing
                }
            } catch (java.net.SocketTimeoutException quiet) {
                open++;
            } catch (IOException reset) {
                // closed by the server
            }
        }
        return open;
    }
}
