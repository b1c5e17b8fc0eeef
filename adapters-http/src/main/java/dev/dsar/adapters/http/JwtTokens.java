package dev.dsar.adapters.http;

import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.time.Instant;

/** HS256 tokens with the configured secret: verification for the API, minting for {@code bin/dsar token}. */
public final class JwtTokens {

    static final int CLOCK_SKEW_SECONDS = 30;

    private final JWTAuth provider;
    private final JwtSettings settings;

    public JwtTokens(Vertx vertx, JwtSettings settings) {
        this.settings = settings;
        // Leeway for iat/nbf only: tokens from an issuer whose clock runs a little ahead are not refused.
        // Expiry itself is checked strictly against the service clock (BearerAuthentication).
        JWTOptions verification = new JWTOptions().setAlgorithm("HS256").setLeeway(CLOCK_SKEW_SECONDS);
        settings.issuer().ifPresent(verification::setIssuer);
        settings.audience().ifPresent(verification::addAudience);
        this.provider = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(settings.secret()))
                .setJWTOptions(verification));
    }

    JWTAuth provider() {
        return provider;
    }

    /** A token for {@code user}, valid from {@code now} for {@code ttl}; with the admin role if asked. */
    public String mint(UserId user, boolean admin, Duration ttl, Instant now) {
        JsonObject claims = new JsonObject()
                .put("sub", user.toString())
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(ttl).getEpochSecond());
        if (admin) {
            claims.put(JwtSettings.ROLES_CLAIM, new JsonArray().add(JwtSettings.ADMIN_ROLE));
        }
        settings.issuer().ifPresent(issuer -> claims.put("iss", issuer));
        settings.audience().ifPresent(audience -> claims.put("aud", audience));
        return provider.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
    }
}
