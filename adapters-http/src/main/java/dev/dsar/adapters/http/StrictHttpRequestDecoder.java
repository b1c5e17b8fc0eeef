package dev.dsar.adapters.http;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's HTTP/1 request decoder with two refusals. Each throws while the head is parsed, which Netty turns into
 * a request with a failed decoder result (answered in JSON by {@link HttpApi#invalidRequestHandler()}) and after
 * which it discards everything else the connection sends.
 */
final class StrictHttpRequestDecoder extends VertxHttpRequestDecoder {

    StrictHttpRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    /** A request line of another version ({@code HTTP/3.0}, {@code PRI * HTTP/2.0}); Vert.x would answer an empty 501. */
    @Override
    protected HttpMessage createMessage(String[] initialLine) {
        HttpMessage message = super.createMessage(initialLine);
        HttpVersion version = message.protocolVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            throw new UnsupportedVersion();
        }
        return message;
    }

    /**
     * RFC 9112 §6.3: a request with both {@code Content-Length} and {@code Transfer-Encoding} is a smuggling attempt
     * more often than not. Netty drops the length and reads chunks; a proxy in front may have done the opposite and
     * the rest would be parsed as a second request. Refused, and the connection closed.
     */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new AmbiguousLength();
    }

    /** Bytes received and not yet decoded (the start of a pipelined request). */
    boolean hasPendingBytes() {
        return actualReadableBytes() > 0;
    }

    /** The request line names an HTTP version other than 1.0 and 1.1: 400 (no 5xx for bad input). */
    static final class UnsupportedVersion extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedVersion() {
            super("HTTP version not supported", null, false, false);
        }
    }

    /** Both Content-Length and Transfer-Encoding: 400. */
    static final class AmbiguousLength extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AmbiguousLength() {
            super("Content-Length with Transfer-Encoding", null, false, false);
        }
    }
}
