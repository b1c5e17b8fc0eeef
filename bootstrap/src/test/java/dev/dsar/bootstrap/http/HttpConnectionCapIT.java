package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Past DSAR_HTTP_MAX_CONNECTIONS open connections, a new one gets a JSON 503 and is closed; closing one frees a place. */
class HttpConnectionCapIT {

    private static final int CAP = 3;

    @RegisterExtension
    static final RunningService dsar = new RunningService().with("DSAR_HTTP_MAX_CONNECTIONS", Integer.toString(CAP));

    private static final byte[] HEALTH = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** A connection that has been answered once and stays open (keep-alive). */
    private static Socket served() throws Exception {
        Socket socket = new Socket("127.0.0.1", dsar.service().port());
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(HEALTH);
        InputStream in = socket.getInputStream();
        String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
        assertThat(head).isEqualTo("HTTP/1.1 200");
        return socket;
    }

    private static String oneMore() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", dsar.service().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aConnectionPastTheCapIsAJson503AndAClosedOneFreesItsPlace() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                open.add(served());
            }

            String refused = oneMore();

            assertThat(refused).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1")
                    .containsIgnoringCase("content-type: application/json")
                    .endsWith("{\"ok\":false,\"error\":\"Too many connections\"}");

            open.remove(0).close();
            // The server counts the closed connection out once it has seen the close: a few attempts at most.
            String answer = refused;
            for (int attempt = 0; attempt < 1_000 && answer.startsWith("HTTP/1.1 503"); attempt++) {
                answer = oneMore();
            }
            assertThat(answer).startsWith("HTTP/1.1 200");
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }
}
