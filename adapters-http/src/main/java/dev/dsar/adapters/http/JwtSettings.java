package dev.dsar.adapters.http;

import java.util.Objects;
import java.util.Optional;

/** The HS256 key and the optional issuer and audience that tokens must carry. */
public record JwtSettings(String secret, Optional<String> issuer, Optional<String> audience) {

    /** The claim holding roles, and the role that makes an admin. */
    public static final String ROLES_CLAIM = "roles";
    public static final String ADMIN_ROLE = "dsar-admin";

    public JwtSettings {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the JWT secret is empty");
        }
    }
}
