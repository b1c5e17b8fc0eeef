package dev.dsar.bootstrap.http;

import dev.dsar.bootstrap.testing.RawHttp;
import static dev.dsar.bootstrap.testing.RawHttp.assertErrorAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests a well-behaved client never sends, written on a raw socket: each gets JSON, and no 5xx. */
class HttpProtocolIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    /** Writes the bytes and reads until the server closes the connection. */
    static String exchange(String request) throws Exception {
        return RawHttp.exchange(dsar.service().port(), request);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void anHttp3RequestLineIsAJson400AndTheConnectionIsClosed() throws Exception {
        String answer = exchange("GET /health HTTP/3.0\r\nHost: x\r\n\r\n");

        assertErrorAnswer(answer, "HTTP/1\\.[01] 400", "HTTP version not supported")
                .containsIgnoringCase("connection: close");
    }

    @Test
    void anHttp2RequestLineThatIsNotTheH2cPrefaceIsAJson400() throws Exception {
        // The whole preface (…\r\n\r\nSM\r\n\r\n) starts HTTP/2 with prior knowledge, which this port also speaks.
        String answer = exchange("PRI * HTTP/2.0\r\nHost: x\r\n\r\n");

        assertErrorAnswer(answer, "HTTP/1\\.[01] 400", "HTTP version not supported");
    }

    @Test
    void anExpectationOtherThan100ContinueIsAJson417() throws Exception {
        String answer = exchange("GET /health HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nConnection: close\r\n\r\n");

        assertErrorAnswer(answer, "HTTP/1\\.1 417", "Expectation failed");
    }

    /** Request smuggling: which of the two lengths frames the body is what front and back end disagree on. */
    @Test
    void contentLengthWithChunkedTransferEncodingIsA400AndNothingAfterItIsParsed() throws Exception {
        String smuggled = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        String answer = exchange("POST /api/dsar/requests HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);

        assertErrorAnswer(answer, "HTTP/1\\.1 400", "Bad request").containsIgnoringCase("connection: close");
        assertThat(count(answer, "HTTP/1.1 ")).as("answers on the connection").isEqualTo(1);
    }

    @Test
    void aChunkedBodyThatCannotBeFramedIsAJson400() throws Exception {
        String answer = exchange("POST /api/dsar/requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + dsar.token(dsar.newUser()) + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

        assertErrorAnswer(answer, "HTTP/1\\.1 400", "Bad request");
    }

    /** With HTTP/2 over cleartext off (the default), the h2c preface is one more request line of another version. */
    @Test
    void theHttp2PrefaceOnTheHttp1PortIsAJson400() throws Exception {
        String answer = exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

        assertErrorAnswer(answer, "HTTP/1\\.[01] 400", "HTTP version not supported");
    }
}
