package dev.dsar.adapters.http.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signing secrets of the Standard Webhooks specification: {@code whsec_} followed by the key's bytes in
 * base64. Several may be configured (space- or comma-separated) while a secret is rotated: the first one signs,
 * the others are accepted as configuration only, so that the same value can be handed to a receiver that
 * verifies with any of them. The keys never appear in a message or a log line.
 */
public final class WebhookSecrets {

    static final String PREFIX = "whsec_";
    /** Shorter keys make signatures easier to forge; the specification's generator uses 24 to 64 bytes. */
    static final int MIN_KEY_BYTES = 16;

    private final List<byte[]> keys;

    private WebhookSecrets(List<byte[]> keys) {
        this.keys = keys;
    }

    /** Fails with a message that names what is wrong with which secret (by position), never its value. */
    public static WebhookSecrets parse(String configured) {
        List<byte[]> keys = new ArrayList<>();
        String[] parts = configured.trim().split("[\\s,]+");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            String which = parts.length == 1 ? "the secret" : "secret " + (i + 1);
            if (!part.startsWith(PREFIX)) {
                throw new IllegalArgumentException(which + " does not start with " + PREFIX + " (expected whsec_ + base64)");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(part.substring(PREFIX.length()));
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalArgumentException(which + " is not whsec_ followed by base64");
            }
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException(which + " is too short (" + key.length + " bytes, at least "
                        + MIN_KEY_BYTES + "): use e.g. whsec_$(head -c 32 /dev/urandom | base64)");
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no secret given");
        }
        return new WebhookSecrets(List.copyOf(keys));
    }

    public int count() {
        return keys.size();
    }

    /** {@code v1,} + base64 HMAC-SHA256 over {@code id.timestamp.body}, with the first secret. */
    public String sign(String webhookId, long timestamp, String body) {
        return signWith(keys.get(0), webhookId, timestamp, body);
    }

    static String signWith(byte[] key, String webhookId, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", impossible);
        }
    }

    @Override
    public String toString() {
        return "WebhookSecrets[" + keys.size() + " secret(s)]";
    }
}
