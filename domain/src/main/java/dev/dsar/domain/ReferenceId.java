package dev.dsar.domain;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The public identity of a DSAR request. Its alphabet keeps it safe inside file names and URL paths:
 * no separator, no leading dot, at most 64 characters.
 */
public record ReferenceId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    static final String GENERATED_PREFIX = "GDPR-";
    static final int GENERATED_LENGTH = 26;

    public ReferenceId {
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("Invalid reference id");
        }
    }

    public static boolean isWellFormed(String raw) {
        return raw != null && FORMAT.matcher(raw).matches();
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
