package dev.dsar.adapters.http;

import dev.dsar.domain.UserId;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code Authorization: Bearer <JWT>}: HS256 signature, {@code exp} required and in the future, {@code sub} a
 * user id, {@code roles} containing {@code dsar-admin} for admins. Anything else is 401.
 *
 * <p>A verified token is remembered (keyed by the whole token, signature included) until it expires, so a
 * client that downloads many times pays the signature check once. The cache is bounded; when full it is
 * cleared, which only costs re-verification.
 */
final class BearerAuthentication implements Handler<RoutingContext> {

    static final String CALLER = "dsar.caller";
    static final int MAX_TOKEN_LENGTH = 8192;
    static final int CACHE_LIMIT = 10_000;

    private final JWTAuth provider;
    private final Clock clock;
    private final ConcurrentMap<String, Caller> verified = new ConcurrentHashMap<>();

    BearerAuthentication(JWTAuth provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= 7 || header.length() > MAX_TOKEN_LENGTH
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Responses.unauthorized(ctx);
            return;
        }
        String token = header.substring(7).trim();
        Instant now = clock.instant();
        Caller cached = verified.get(token);
        if (cached != null) {
            if (now.isBefore(cached.tokenExpiresAt())) {
                ctx.put(CALLER, cached);
                ctx.next();
                return;
            }
            verified.remove(token);
        }
        provider.authenticate(new TokenCredentials(token)).onComplete(result -> {
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

    static Caller caller(RoutingContext ctx) {
        return ctx.get(CALLER);
    }

    /** The claims the API relies on, checked beyond the signature: exp present and future, sub a user id. */
    static Optional<Caller> callerFrom(JsonObject claims, Instant now) {
        if (claims == null || !(claims.getValue("exp") instanceof Number exp)) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(exp.longValue());
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

    private void remember(String token, Caller caller) {
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(token, caller);
    }
}
