package dev.dsar.adapters.http.links;

import dev.dsar.application.port.out.DownloadLinkPort;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Signed download links (contract §7.2): {@code /api/dsar/download/{ref}?link={owner}.{expiry}.{signature}}, where
 * expiry is in whole seconds since the epoch and the signature is the base64url HMAC-SHA256, under a key of its
 * own, of {@code "dsar-link-v1\n" + ref + "\n" + owner + "\n" + expiry}. Altering any part voids the link; the
 * signature is compared in constant time. No state is kept: a link is valid wherever the key is the same.
 *
 * <p>The expiry is rounded down to the second, so a link never outlives what its issuer asked for.
 */
public final class SignedDownloadLinks implements DownloadLinkPort {

    /** The query parameter that carries a link. */
    public static final String PARAMETER = "link";
    /** The HKDF label of a key derived from the JWT secret; a new label (v2) would void every link issued. */
    public static final String DERIVATION_INFO = "dsar download link v1";
    static final int KEY_BYTES = 32;
    /** Links longer than this are not links (checked before any parsing). */
    static final int MAX_LINK_LENGTH = 128;
    private static final String SIGNED_PREFIX = "dsar-link-v1\n";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;

    private SignedDownloadLinks(byte[] key) {
        this.key = key.clone();
    }

    /** With a key set for links alone ({@code DSAR_LINK_SECRET}, at least 32 bytes, checked by the caller). */
    public static SignedDownloadLinks withKey(String linkSecret) {
        return new SignedDownloadLinks(linkSecret.getBytes(StandardCharsets.UTF_8));
    }

    /** With a key derived from the JWT secret: HKDF-SHA256, no salt, info {@value #DERIVATION_INFO}, 32 bytes. */
    public static SignedDownloadLinks derivedFrom(String jwtSecret) {
        return new SignedDownloadLinks(Hkdf.deriveKey(new byte[0], jwtSecret.getBytes(StandardCharsets.UTF_8),
                DERIVATION_INFO.getBytes(StandardCharsets.UTF_8), KEY_BYTES));
    }

    @Override
    public DownloadLink issue(ReferenceId reference, UserId owner, Instant expiresAt) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(owner, "owner");
        long expiry = expiresAt.getEpochSecond();
        String link = owner.value() + "." + expiry + "." + ENCODER.encodeToString(signature(reference, owner.value(), expiry));
        return new DownloadLink("/api/dsar/download/" + reference.value() + "?" + PARAMETER + "=" + link,
                Instant.ofEpochSecond(expiry));
    }

    /** Who the link lets download this reference, and until when; empty when altered, foreign or expired. */
    public Optional<Verified> verify(ReferenceId reference, String link, Instant now) {
        if (link == null || link.length() > MAX_LINK_LENGTH) {
            return Optional.empty();
        }
        String[] parts = link.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        Optional<UserId> owner = UserId.parse(parts[0]);
        Optional<Long> expiry = seconds(parts[1]);
        byte[] presented;
        try {
            presented = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (owner.isEmpty() || expiry.isEmpty()) {
            return Optional.empty();
        }
        // Only the canonical forms were ever issued: "007" for 7, or a signature with stray trailing bits, is not one.
        boolean canonical = parts[0].equals(Long.toString(owner.get().value()))
                && parts[1].equals(Long.toString(expiry.get())) && parts[2].equals(ENCODER.encodeToString(presented));
        byte[] expected = signature(reference, owner.get().value(), expiry.get());
        if (!MessageDigest.isEqual(expected, presented) || !canonical) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(expiry.get());
        return now.isBefore(expiresAt) ? Optional.of(new Verified(owner.get(), expiresAt)) : Optional.empty();
    }

    /** A link that checked out: the owner it was issued to, and its expiry. */
    public record Verified(UserId owner, Instant expiresAt) {
    }

    private byte[] signature(ReferenceId reference, long owner, long expiry) {
        String signed = SIGNED_PREFIX + reference.value() + "\n" + owner + "\n" + expiry;
        return Hkdf.hmac(key, signed.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Long> seconds(String text) {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}
