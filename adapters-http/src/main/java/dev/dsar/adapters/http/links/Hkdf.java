package dev.dsar.adapters.http.links;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): extract a pseudo-random key from input keying material, then expand it into
 * as many bytes as asked for, bound to an {@code info} label. Used to give download links a key of their own,
 * derived from the JWT secret, so that one key never signs two kinds of thing.
 */
public final class Hkdf {

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /** {@code OKM = HKDF-Expand(HKDF-Extract(salt, ikm), info, length)}; an empty salt is 32 zero bytes. */
    public static byte[] deriveKey(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 gives 1 to 8160 bytes, not " + length);
        }
        byte[] prk = hmac(salt.length == 0 ? new byte[HASH_LENGTH] : salt, ikm);
        byte[] okm = new byte[length];
        byte[] previous = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            Mac mac = mac(prk);
            mac.update(previous);
            mac.update(info);
            mac.update((byte) counter);
            previous = mac.doFinal();
            int take = Math.min(previous.length, length - written);
            System.arraycopy(previous, 0, okm, written, take);
            written += take;
        }
        return okm;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException missing) {
            // Every Java runtime ships HmacSHA256, and any non-empty key is valid for it.
            throw new IllegalStateException("HmacSHA256 unavailable", missing);
        } catch (GeneralSecurityException other) {
            throw new IllegalStateException(other);
        }
    }
}
