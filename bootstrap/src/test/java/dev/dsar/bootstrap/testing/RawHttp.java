package dev.dsar.bootstrap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractStringAssert;

/**
 * Bytes on a plain socket, for what an HTTP client library would refuse to send: malformed heads, smuggling
 * attempts, other protocol versions, silence.
 */
public final class RawHttp {

    /** A safety net against a hanging test only: every exchange here ends with the server closing. */
    private static final int SAFETY_TIMEOUT_MILLIS = 30_000;

    private RawHttp() {
    }

    /** Writes {@code request} (ISO-8859-1) to the local {@code port}, then reads until the server closes. */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Asserts that {@code answer} is the contract's JSON error {@code error} under a status line that starts with
     * {@code statusLine} (a regular expression, e.g. {@code HTTP/1\\.1 400}); chain further checks on the result.
     */
    public static AbstractStringAssert<?> assertErrorAnswer(String answer, String statusLine, String error) {
        return assertThat(answer).matches("(?s)" + statusLine + " .*")
                .containsIgnoringCase("content-type: application/json")
                .endsWith("{\"ok\":false,\"error\":\"" + error + "\"}");
    }
}
