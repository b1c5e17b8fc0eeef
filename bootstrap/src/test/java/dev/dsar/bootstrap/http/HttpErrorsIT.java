package dev.dsar.bootstrap.http;

import dev.dsar.bootstrap.testing.RawHttp;
import static dev.dsar.bootstrap.testing.RawHttp.assertErrorAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error is JSON {@code {"ok":false,"error":…}}, whatever went wrong and wherever. */
class HttpErrorsIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    private static void assertJsonError(HttpResponse<Buffer> response, int status, String error) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false).put("error", error));
    }

    @Test
    void unknownRouteIsAJson404() {
        assertJsonError(dsar.get("/nothing/here", null), 404, "Not found");
        assertJsonError(dsar.get("/api/dsar/nothing", dsar.token(dsar.newUser())), 404, "Not found");
    }

    @Test
    void wrongMethodIsAJson405() {
        String token = dsar.token(dsar.newUser());

        assertJsonError(dsar.request(HttpMethod.DELETE, "/api/dsar/requests", token).send().await(), 405, "Method not allowed");
        assertJsonError(dsar.request(HttpMethod.PUT, "/api/dsar/download/GDPR-X", token).send().await(), 405, "Method not allowed");
        assertJsonError(dsar.request(HttpMethod.POST, "/health", null).send().await(), 405, "Method not allowed");
    }

    /** RFC 9110 §15.5.6: a 405 names the methods the path takes, read from the routes. */
    @Test
    void wrongMethodNamesTheAllowedOnes() {
        String token = dsar.token(dsar.newUser());
        String admin = dsar.adminToken(dsar.newUser());

        assertThat(dsar.request(HttpMethod.DELETE, "/api/dsar/requests", token).send().await().getHeader("Allow"))
                .isEqualTo("GET, POST");
        assertThat(dsar.request(HttpMethod.POST, "/api/dsar/requests/GDPR-X", token).send().await().getHeader("Allow"))
                .isEqualTo("GET");
        assertThat(dsar.request(HttpMethod.PUT, "/api/dsar/download/GDPR-X", token).send().await().getHeader("Allow"))
                .isEqualTo("GET, HEAD");
        assertThat(dsar.request(HttpMethod.GET, "/api/admin/dsar/cleanup", admin).send().await().getHeader("Allow"))
                .isEqualTo("POST");
        assertThat(dsar.request(HttpMethod.POST, "/health", null).send().await().getHeader("Allow")).isEqualTo("GET");
        assertThat(dsar.request(HttpMethod.DELETE, "/health/", null).send().await().getHeader("Allow")).isEqualTo("GET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":", "[1,2]", "\"text\"", "42", "nul"})
    void bodyThatIsNotAJsonObjectIs400(String body) {
        HttpResponse<Buffer> response = dsar.post("/api/dsar/requests", dsar.token(dsar.newUser()), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("Invalid JSON");
        assertThat(response.bodyAsJsonObject().containsKey("field")).isFalse();
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String big = "{\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";

        assertJsonError(dsar.post("/api/dsar/requests", dsar.token(dsar.newUser()), big), 413, "Request body too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "..%2F..%2Fetc%2Fpasswd", ".hidden", "-dash", "abc%00", "abc%00def", "%00",
        "GDPR%2Fx", "a%5Cb", "caf%C3%A9", "%E2%80%AE", "a%20b", "a+b", "a;b",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void trickyReferenceInAPathIs400InvalidReferenceId(String reference) {
        String token = dsar.token(dsar.newUser());

        assertJsonError(dsar.get("/api/dsar/download/" + reference, token), 400, "Invalid reference id");
        assertJsonError(dsar.get("/api/dsar/requests/" + reference, token), 400, "Invalid reference id");
    }

    /** Dot segments are removed before routing (RFC 3986): what remains names no export route. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/dsar/download/../../../etc/passwd", "/api/dsar/download/..", "/api/dsar/download/%2E%2E",
            "/api/dsar/download/%2e%2e/%2e%2e/etc/passwd"})
    void dotSegmentsAreNormalisedAwayAndAnsweredInJson(String path) {
        HttpResponse<Buffer> response = dsar.get(path, dsar.token(dsar.newUser()));

        assertThat(response.statusCode()).isIn(400, 404);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyAsJsonObject().getBoolean("ok")).isFalse();
    }

    @Test
    void malformedPercentEncodingIsAJson400() {
        assertJsonError(dsar.get("/api/dsar/requests/x%ZZ", dsar.token(dsar.newUser())), 400, "Bad request");
    }

    @Test
    void requestTheHttpDecoderRejectsIsStillAnsweredInJson() throws Exception {
        String answer = raw("GET /health HTTP/1.1\r\nHost: x\r\nNot a header line\r\n\r\n");

        assertErrorAnswer(answer, "HTTP/1\\.1 400", "Bad request");
    }

    @Test
    void oversizedHeadersAreAJson431() throws Exception {
        String answer = raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431").endsWith("{\"ok\":false,\"error\":\"Request headers too large\"}");
    }

    private static String raw(String request) throws Exception {
        return RawHttp.exchange(dsar.service().port(), request);
    }
}
