package dev.dsar.adapters.http;

import java.nio.charset.StandardCharsets;

/** Complete JSON errors written below Vert.x's HTTP encoder, for connections Vert.x is not serving a request on. */
final class RawAnswers {

    static final byte[] TOO_MANY = rawJson(503, "Service Unavailable", "Too many connections", "Retry-After: 1\r\n");
    static final byte[] TIMED_OUT = rawJson(408, "Request Timeout", "Request timeout", "");
    static final byte[] BAD_BODY = rawJson(400, "Bad Request", "Bad request", "");

    private RawAnswers() {
    }

    private static byte[] rawJson(int status, String reason, String error, String extraHeaders) {
        byte[] body = Responses.error(error).encode().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\ncontent-type: application/json\r\ncache-control: no-store\r\n"
                + extraHeaders + "connection: close\r\ncontent-length: " + body.length + "\r\n\r\n";
        byte[] all = new byte[head.length() + body.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, all, 0, head.length());
        System.arraycopy(body, 0, all, head.length(), body.length);
        return all;
    }
}
