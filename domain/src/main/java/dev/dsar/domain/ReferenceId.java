package dev.dsar.domain;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * The public identity of a DSAR request. Its alphabet keeps it safe inside file names and URL paths:
 * no separator, no leading dot, at most 64 characters.
 */
public record ReferenceId(String value) {

    static final int MAX_LENGTH = 64;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    static final String GENERATED_PREFIX = "GDPR-";
    static final int GENERATED_LENGTH = 26;

    public ReferenceId {
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("Invalid reference id");
        }
    }

    /** {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$}, checked by hand: it runs on every download. */
    public static boolean isWellFormed(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH || !isAlphanumeric(raw.charAt(0))) {
            return false;
        }
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    public static Optional<ReferenceId> parse(String raw) {
        return isWellFormed(raw) ? Optional.of(new ReferenceId(raw)) : Optional.empty();
    }

    /** {@code GDPR-} and 26 base32 characters: 130 random bits, so ids cannot be guessed. */
    public static ReferenceId generate(SecureRandom random) {
        StringBuilder id = new StringBuilder(GENERATED_PREFIX.length() + GENERATED_LENGTH).append(GENERATED_PREFIX);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            id.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return new ReferenceId(id.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
