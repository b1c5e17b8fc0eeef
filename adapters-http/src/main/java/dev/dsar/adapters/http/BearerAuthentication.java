package dev.dsar.adapters.http;

import com.github.benmanes.caffeine.cache.Cache;
import dev.dsar.adapters.http.cache.ExpiringCaches;
import dev.dsar.domain.UserId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <JWT>}: HS256 signature, {@code exp} required and in the future, {@code sub} a
 * user id, {@code roles} containing {@code dsar-admin} for admins. Anything else is 401.
 *
 * <p>A verified token is remembered (keyed by the whole token, signature included) until it expires, so a
 * client that downloads many times pays the signature check once. The cache is bounded (Caffeine: the least
 * useful token is evicted, which only costs its re-verification) and each entry goes at its token's {@code exp}.
 * Verification is not shared between concurrent requests with the same token: it is a synchronous HMAC, cheaper
 * than the bookkeeping sharing would need.
 */
final class BearerAuthentication implements Handler<RoutingContext> {

    static final String CALLER = "dsar.caller";
    static final int MAX_TOKEN_LENGTH = 8192;
    /** 9999-12-31T23:59:59Z. */
    static final long LATEST_DATE = 253_402_300_799L;

    private final JWTAuth provider;
    private final Clock clock;
    private final Cache<String, Caller> verified;

    BearerAuthentication(JWTAuth provider, Clock clock, MeterRegistry registry) {
        this(provider, clock, registry, DownloadCaches.DEFAULT_ENTRIES);
    }

    /** {@code held}: verified tokens held at most. */
    BearerAuthentication(JWTAuth provider, Clock clock, MeterRegistry registry, int held) {
        this.provider = provider;
        this.clock = clock;
        this.verified = ExpiringCaches.<String, Caller>expiringAt(clock, Caller::tokenExpiresAt)
                .maximumSize(held).build();
        CaffeineCacheMetrics.monitor(registry, verified, "tokens");
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (caller(ctx) != null) {
            // Already identified by a signed download link (DownloadLinkRoutes#authenticate), on that route only.
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= 7 || header.length() > MAX_TOKEN_LENGTH
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Responses.unauthorized(ctx);
            return;
        }
        String token = header.substring(7).trim();
        // The cache drops each token at its own exp (on the same clock): a hit is a token still valid.
        Caller cached = verified.getIfPresent(token);
        if (cached != null) {
            ctx.put(CALLER, cached);
            ctx.next();
            return;
        }
        Instant now = clock.instant();
        Future<User> authenticated;
        try {
            authenticated = provider.authenticate(new TokenCredentials(token));
        } catch (RuntimeException wrongClaimType) {
            // vertx-auth-jwt reads exp, iat, nbf and aud with typed getters after the signature check, and throws
            // (rather than failing the future) when a validly signed token holds another JSON type there.
            Responses.unauthorized(ctx);
            return;
        }
        authenticated.onComplete(result -> {
            Optional<Caller> caller = result.succeeded()
                    ? callerFrom(result.result().attributes().getJsonObject("accessToken"), now)
                    : Optional.empty();
            if (caller.isEmpty()) {
                Responses.unauthorized(ctx);
                return;
            }
            remember(token, caller.get());
            ctx.put(CALLER, caller.get());
            ctx.next();
        });
    }

    void remember(String token, Caller caller) {
        verified.put(token, caller);
    }

    /** The verified caller held for the token, or null (for tests). */
    Caller remembered(String token) {
        return verified.getIfPresent(token);
    }

    /** Tokens held, after pending maintenance (for tests). */
    long rememberedTokens() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    static Caller caller(RoutingContext ctx) {
        return ctx.get(CALLER);
    }

    /** The claims the API relies on, checked beyond the signature: exp present and future, sub a user id. */
    static Optional<Caller> callerFrom(JsonObject claims, Instant now) {
        Optional<Instant> expiry = claims == null ? Optional.empty() : numericDate(claims.getValue("exp"));
        if (expiry.isEmpty()) {
            return Optional.empty();
        }
        Instant expiresAt = expiry.get();
        if (!now.isBefore(expiresAt) || !(claims.getValue("sub") instanceof String sub)) {
            return Optional.empty();
        }
        Optional<UserId> user = UserId.parse(sub);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        boolean admin = claims.getValue(JwtSettings.ROLES_CLAIM) instanceof JsonArray roles
                && roles.contains(JwtSettings.ADMIN_ROLE);
        return Optional.of(new Caller(user.get(), admin, expiresAt));
    }

    /**
     * RFC 7519 NumericDate: seconds since the epoch, possibly with a fraction. Anything else (a string, a number
     * too large for a long such as 1e20, a date past year 9999) is not a date a token can carry.
     */
    static Optional<Instant> numericDate(Object value) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Float)) {
            return Optional.empty();
        }
        double seconds = ((Number) value).doubleValue();
        if (!(seconds >= 0 && seconds <= LATEST_DATE)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(((Number) value).longValue()));
    }
}
