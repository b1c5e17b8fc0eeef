package dev.dsar.bootstrap.http;

import dev.dsar.bootstrap.testing.RawHttp;
import static dev.dsar.bootstrap.testing.RawHttp.assertErrorAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow and idle clients are disconnected. The timeouts are short here so that each test only awaits the
 * server's close (the socket's end of stream), never a clock.
 */
class HttpConnectionTimeoutsIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService()
            .with("DSAR_HTTP_HEADER_TIMEOUT", "PT0.5S")
            .with("DSAR_HTTP_IDLE_TIMEOUT", "PT1S");

    private static final String TIMED_OUT = "{\"ok\":false,\"error\":\"Request timeout\"}";

    /** Writes the bytes, then reads until the server closes the connection. */
    private static String writeThenAwaitClose(String bytes) throws Exception {
        return RawHttp.exchange(dsar.service().port(), bytes);
    }

    @Test
    void aClientThatConnectsAndSendsNothingGetsAJson408AndIsDisconnected() throws Exception {
        String answer = writeThenAwaitClose("");

        assertErrorAnswer(answer, "HTTP/1\\.1 408", "Request timeout");
    }

    @Test
    void aRequestHeadLeftUnfinishedGetsAJson408AndIsDisconnected() throws Exception {
        String answer = writeThenAwaitClose("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: a");

        assertThat(answer).startsWith("HTTP/1.1 408").endsWith(TIMED_OUT);
    }

    @Test
    void theHeadDeadlineStartsAgainWithTheFirstByteOfTheNextRequest() throws Exception {
        String answer = writeThenAwaitClose("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHo");

        assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"status\":\"UP\"}").endsWith(TIMED_OUT);
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedWithoutAnAnswer() throws Exception {
        String answer = writeThenAwaitClose("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

        // One answer, then the close of an idle connection: no 408, no second answer.
        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"UP\"}");
        assertThat(answer.split("HTTP/1.1 ", -1)).hasSize(2);
    }
}
