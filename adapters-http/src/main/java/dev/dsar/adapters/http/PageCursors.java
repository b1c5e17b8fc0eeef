package dev.dsar.adapters.http;

import dev.dsar.application.port.out.LoadRequestPagePort.PageKey;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The admin list's {@code cursor}: where the previous page ended, opaque to clients (base64url of
 * {@code v1:{seconds}:{nanos}:{key}}). It is a position, not a credential: a forged one only moves the page.
 */
final class PageCursors {

    private static final String VERSION = "v1";
    private static final int MAX_LENGTH = 100;

    private PageCursors() {
    }

    static String encode(PageKey key) {
        String plain = VERSION + ":" + key.requestedAt().getEpochSecond() + ":" + key.requestedAt().getNano() + ":"
                + key.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    static Optional<PageKey> decode(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":", -1);
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                return Optional.empty();
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            long id = Long.parseLong(parts[3]);
            return id > 0 ? Optional.of(new PageKey(at, id)) : Optional.empty();
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException malformed) {
            // NumberFormatException is an IllegalArgumentException, as is bad base64
            return Optional.empty();
        }
    }
}
