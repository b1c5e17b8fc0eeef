package dev.dsar.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BearerAuthenticationTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long IN_AN_HOUR = NOW.getEpochSecond() + 3600;

    @Test
    void fillingTheTokenCachePastItsBoundKeepsItNearlyFullInsteadOfEmptyingIt() {
        int bound = 10_000;
        BearerAuthentication authentication = new BearerAuthentication(null, new MutableClock(NOW),
                new SimpleMeterRegistry(), bound);
        Caller caller = new Caller(new UserId(42), false, Instant.ofEpochSecond(IN_AN_HOUR));
        for (int i = 0; i < bound + 5_000; i++) {
            authentication.remember("token-" + i, caller);
        }

        assertThat(authentication.rememberedTokens()).isBetween(bound * 9L / 10, (long) bound);
    }

    @Test
    void aRememberedTokenIsForgottenAtItsOwnExpiry() {
        MutableClock clock = new MutableClock(NOW);
        BearerAuthentication authentication = new BearerAuthentication(null, clock, new SimpleMeterRegistry());
        Caller shortLived = new Caller(new UserId(42), false, NOW.plusSeconds(60));
        Caller longLived = new Caller(new UserId(7), false, Instant.ofEpochSecond(BearerAuthentication.LATEST_DATE));
        authentication.remember("short", shortLived);
        authentication.remember("long", longLived);

        clock.advance(Duration.ofSeconds(60));

        assertThat(authentication.remembered("short")).isNull();
        assertThat(authentication.remembered("long")).isEqualTo(longLived);
    }

    @Test
    void subjectAndExpiryMakeACaller() {
        assertThat(BearerAuthentication.callerFrom(new JsonObject().put("sub", "42").put("exp", IN_AN_HOUR), NOW))
                .contains(new Caller(new UserId(42), false, Instant.ofEpochSecond(IN_AN_HOUR)));
    }

    @Test
    void dsarAdminInTheRolesMakesAnAdmin() {
        JsonObject claims = new JsonObject().put("sub", "7").put("exp", IN_AN_HOUR)
                .put("roles", new JsonArray().add("user").add("dsar-admin"));

        assertThat(BearerAuthentication.callerFrom(claims, NOW)).hasValueSatisfying(caller -> assertThat(caller.admin()).isTrue());
    }

    @Test
    void rolesThatAreNotAnArrayOrLackTheAdminRoleMakeNoAdmin() {
        for (Object roles : new Object[] {"dsar-admin", new JsonArray().add("DSAR-ADMIN"), new JsonObject().put("dsar-admin", true)}) {
            JsonObject claims = new JsonObject().put("sub", "7").put("exp", IN_AN_HOUR).put("roles", roles);

            assertThat(BearerAuthentication.callerFrom(claims, NOW)).hasValueSatisfying(caller -> assertThat(caller.admin()).isFalse());
        }
    }

    @Test
    void missingOrPastExpiryIsRefusedExactlyAtTheExpiryInstant() {
        assertThat(BearerAuthentication.callerFrom(new JsonObject().put("sub", "42"), NOW)).isEmpty();
        assertThat(BearerAuthentication.callerFrom(new JsonObject().put("sub", "42").put("exp", "soon"), NOW)).isEmpty();
        assertThat(BearerAuthentication.callerFrom(new JsonObject().put("sub", "42").put("exp", NOW.getEpochSecond()), NOW)).isEmpty();
        assertThat(BearerAuthentication.callerFrom(new JsonObject().put("sub", "42").put("exp", NOW.getEpochSecond() + 1), NOW))
                .isPresent();
    }

    @Test
    void subjectMustBeADecimalUserIdString() {
        for (Object sub : new Object[] {null, 42, "", "0", "-1", "042", "alice", "42 ", "1e3"}) {
            JsonObject claims = new JsonObject().put("exp", IN_AN_HOUR).put("sub", sub);

            assertThat(BearerAuthentication.callerFrom(claims, NOW)).as(String.valueOf(sub)).isEmpty();
        }
    }

    @Test
    void anExpiryThatIsNoDateATokenCanCarryIsRefusedNotThrown() {
        for (Object exp : new Object[] {1e20, -1e20, -1, Double.NaN, new java.math.BigInteger("99999999999999999999"),
                new java.math.BigDecimal("1e3"), Long.MAX_VALUE, BearerAuthentication.LATEST_DATE + 1, true}) {
            JsonObject claims = new JsonObject().put("sub", "42").put("exp", exp);

            assertThat(BearerAuthentication.callerFrom(claims, NOW)).as(String.valueOf(exp)).isEmpty();
        }
        assertThat(BearerAuthentication.callerFrom(new JsonObject().put("sub", "42").put("exp", IN_AN_HOUR + 0.5), NOW))
                .isPresent();
    }
}
