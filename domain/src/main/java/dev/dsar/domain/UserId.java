package dev.dsar.domain;

import java.util.Optional;

/** The data subject's id in the host application (a positive integer; JWT {@code sub} as a decimal string). */
public record UserId(long value) {

    public UserId {
        if (value <= 0) {
            throw new IllegalArgumentException("a user id is a positive integer");
        }
    }

    /**
     * Parses a canonical decimal string such as a JWT {@code sub}; signs, spaces, leading zeros (so that two
     * strings never name one user) and overflow are refused.
     */
    public static Optional<UserId> parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 19 || raw.charAt(0) == '0') {
            return Optional.empty();
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        try {
            long value = Long.parseLong(raw);
            return value > 0 ? Optional.of(new UserId(value)) : Optional.empty();
        } catch (NumberFormatException overflow) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
