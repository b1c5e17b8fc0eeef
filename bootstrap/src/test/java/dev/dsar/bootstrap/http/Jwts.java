package dev.dsar.bootstrap.http;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made tokens, for the ones no well-behaved library would mint. */
final class Jwts {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    static String hs256(JsonObject claims, String secret) {
        return signed(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, secret);
    }

    static String signed(JsonObject header, JsonObject claims, String secret) {
        return signedSegments(segment(header), segment(claims), secret);
    }

    /** Signs whatever the two segments hold, JSON or not. */
    static String signedSegments(String header, String claims, String secret) {
        String input = header + "." + claims;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, no signature. */
    static String unsigned(JsonObject claims) {
        return segment(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + segment(claims) + ".";
    }

    static String base64(String text) {
        return URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String segment(JsonObject json) {
        return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    static long inOneHour() {
        return System.currentTimeMillis() / 1000 + 3600;
    }
}
