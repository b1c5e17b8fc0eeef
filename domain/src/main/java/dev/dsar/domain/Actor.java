package dev.dsar.domain;

import java.util.Optional;

/**
 * Who or what did something, as the audit trail records it: a data subject, an admin acting for one, an
 * operator at the command line, or the service itself (worker, cleanup).
 */
public record Actor(Kind kind, String id) {

    public enum Kind {
        SUBJECT, ADMIN, OPERATOR, SYSTEM;

        private final String code = name().toLowerCase(java.util.Locale.ROOT);

        public String code() {
            return code;
        }

        static Optional<Kind> fromCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public Actor {
        if (kind == null || id == null || id.isBlank() || id.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an actor has a kind and an id without ':'");
        }
    }

    public static Actor subject(UserId user) {
        return new Actor(Kind.SUBJECT, user.toString());
    }

    public static Actor admin(UserId admin) {
        return new Actor(Kind.ADMIN, admin.toString());
    }

    public static Actor operator() {
        return new Actor(Kind.OPERATOR, "cli");
    }

    public static Actor system(String component) {
        return new Actor(Kind.SYSTEM, component);
    }

    /** {@code subject:42}, {@code admin:7}, {@code operator:cli}, {@code system:cleanup}. */
    public String code() {
        return kind.code() + ":" + id;
    }

    public static Optional<Actor> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        int colon = code.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String id = code.substring(colon + 1);
        if (id.isBlank() || id.indexOf(':') >= 0) {
            return Optional.empty();
        }
        return Kind.fromCode(code.substring(0, colon)).map(kind -> new Actor(kind, id));
    }

    @Override
    public String toString() {
        return code();
    }
}
