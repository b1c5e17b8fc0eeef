package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpAuthIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService()
            .with("DSAR_JWT_ISSUER", "https://id.example")
            .with("DSAR_JWT_AUDIENCE", "dsar");

    private static JsonObject claims() {
        return new JsonObject().put("sub", "42").put("exp", Jwts.inOneHour())
                .put("iss", "https://id.example").put("aud", "dsar");
    }

    static Stream<Arguments> rejectedTokens() {
        return Stream.of(
                Arguments.of("no token at all", null),
                Arguments.of("garbage", "Bearer not-a-jwt"),
                Arguments.of("empty bearer", "Bearer "),
                Arguments.of("another scheme", "Basic " + java.util.Base64.getEncoder().encodeToString("a:b".getBytes())),
                Arguments.of("bad signature", "Bearer " + Jwts.hs256(claims(), "another-secret-another-secret-another")),
                Arguments.of("alg none", "Bearer " + Jwts.unsigned(claims())),
                Arguments.of("alg none without dot", "Bearer " + Jwts.unsigned(claims()).replaceAll("\\.$", "")),
                Arguments.of("expired", "Bearer " + Jwts.hs256(claims().put("exp", System.currentTimeMillis() / 1000 - 60),
                        RunningService.SECRET)),
                Arguments.of("no exp", "Bearer " + Jwts.hs256(remove(claims(), "exp"), RunningService.SECRET)),
                Arguments.of("no sub", "Bearer " + Jwts.hs256(remove(claims(), "sub"), RunningService.SECRET)),
                Arguments.of("sub not a user id", "Bearer " + Jwts.hs256(claims().put("sub", "alice"), RunningService.SECRET)),
                Arguments.of("sub as a number", "Bearer " + Jwts.hs256(claims().put("sub", 42), RunningService.SECRET)),
                Arguments.of("wrong issuer", "Bearer " + Jwts.hs256(claims().put("iss", "https://evil.example"), RunningService.SECRET)),
                Arguments.of("no issuer", "Bearer " + Jwts.hs256(remove(claims(), "iss"), RunningService.SECRET)),
                Arguments.of("wrong audience", "Bearer " + Jwts.hs256(claims().put("aud", "other"), RunningService.SECRET)),
                Arguments.of("HS512 with the same secret", "Bearer " + Jwts.signed(
                        new JsonObject().put("alg", "HS512").put("typ", "JWT"), claims(), RunningService.SECRET)),
                Arguments.of("long garbage", "Bearer " + "a".repeat(7_000)),
                // Validly signed, with claims of the wrong JSON type or out of any date's range.
                signed("exp as a string", claims().put("exp", Long.toString(Jwts.inOneHour()))),
                signed("exp as 1e20", claims().put("exp", 1e20)),
                signed("exp as -1e20", claims().put("exp", -1e20)),
                signed("exp as a huge integer", claims().put("exp", new java.math.BigInteger("99999999999999999999"))),
                signed("exp past year 9999", claims().put("exp", 253_402_300_800L)),
                signed("exp as a boolean", claims().put("exp", true)),
                signed("exp as an object", claims().put("exp", new JsonObject())),
                signed("nbf as a string", claims().put("nbf", "0")),
                signed("iat as a string", claims().put("iat", "0")),
                signed("iat as 1e20", claims().put("iat", 1e20)),
                signed("aud as a number", claims().put("aud", 42)),
                signed("aud as numbers", claims().put("aud", new JsonArray().add(1).add(2))),
                signed("aud as an object", claims().put("aud", new JsonObject())),
                signed("iss as a number", claims().put("iss", 42)),
                signed("sub as an object", claims().put("sub", new JsonObject())),
                Arguments.of("claims that are an array", "Bearer " + Jwts.signedSegments(
                        Jwts.segment(new JsonObject().put("alg", "HS256").put("typ", "JWT")), Jwts.base64("[1,2]"),
                        RunningService.SECRET)),
                Arguments.of("claims that are not JSON", "Bearer " + Jwts.signedSegments(
                        Jwts.segment(new JsonObject().put("alg", "HS256").put("typ", "JWT")), Jwts.base64("{\"exp\":"),
                        RunningService.SECRET)),
                Arguments.of("alg as a number", "Bearer " + Jwts.signed(new JsonObject().put("alg", 256).put("typ", "JWT"),
                        claims(), RunningService.SECRET)),
                Arguments.of("header that is an array", "Bearer " + Jwts.signedSegments(Jwts.base64("[]"),
                        Jwts.segment(claims()), RunningService.SECRET)));
    }

    private static Arguments signed(String why, JsonObject claims) {
        return Arguments.of(why, "Bearer " + Jwts.hs256(claims, RunningService.SECRET));
    }

    private static JsonObject remove(JsonObject json, String key) {
        json.remove(key);
        return json;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void invalidCredentialsAre401WithABearerChallengeAndJson(String why, String authorization) {
        var request = dsar.client().request(HttpMethod.GET, "/api/dsar/requests");
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }

        HttpResponse<Buffer> response = request.send().await();

        assertThat(response.statusCode()).as(why).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject("{\"ok\":false,\"error\":\"Unauthorized\"}"));
    }

    @Test
    void validTokenWithIssuerAndAudienceIsAccepted() {
        String token = Jwts.hs256(claims(), RunningService.SECRET);

        assertThat(dsar.get("/api/dsar/requests", token).statusCode()).isEqualTo(200);
        assertThat(dsar.get("/api/dsar/requests", token).statusCode()).as("second time, remembered").isEqualTo(200);
    }

    @Test
    void everyApiRouteNeedsAToken() {
        for (String path : new String[] {"/api/dsar/requests", "/api/dsar/requests/GDPR-X", "/api/dsar/download/GDPR-X",
                "/api/admin/dsar/requests", "/api/nowhere"}) {
            assertThat(dsar.get(path, null).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void nonAdminOnAdminRoutesIs403() {
        String user = Jwts.hs256(claims(), RunningService.SECRET);
        String withOtherRoles = Jwts.hs256(claims().put("roles", new JsonArray().add("admin").add("dsar-reader")),
                RunningService.SECRET);

        HttpResponse<Buffer> plain = dsar.post("/api/admin/dsar/requests", user, "{\"user_id\":1}");
        HttpResponse<Buffer> otherRoles = dsar.post("/api/admin/dsar/requests", withOtherRoles, "{\"user_id\":1}");

        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(plain.bodyAsJsonObject()).isEqualTo(new JsonObject("{\"ok\":false,\"error\":\"Forbidden\"}"));
        assertThat(otherRoles.statusCode()).isEqualTo(403);
    }

    @Test
    void adminRoleInTheRolesClaimGrantsAdminRoutes() {
        String admin = Jwts.hs256(claims().put("roles", new JsonArray().add("dsar-admin")), RunningService.SECRET);

        assertThat(dsar.post("/api/admin/dsar/requests", admin, "{\"user_id\":77}").statusCode()).isEqualTo(202);
    }
}
