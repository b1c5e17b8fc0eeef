package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus: requests generated from lists of bad paths, encodings, methods, headers, tokens and
 * bodies, each written raw on its own connection to a real service. For every one: no 5xx, JSON on every answer
 * but a download of the caller's own file and the metrics, and nothing of the other user's (reference, checksum,
 * content) in the answer.
 *
 * <p>Requests are templates: {@code {VICTIM}} (the other user's reference), {@code {VICTIM_ID}},
 * {@code {TOKEN}} (the attacker's token), {@code {ADMIN}} (an admin's token), {@code {OWN}} (the attacker's own
 * completed export) are filled in once the service runs.
 */
class HostileInputIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    private static final List<Integer> ANSWERS = new ArrayList<>();
    private static Export victimExport;
    private static Export ownExport;
    private static UserId victim;
    private static String attackerToken;
    private static String adminToken;

    @BeforeAll
    static void twoUsersWithCompletedExports() {
        victim = dsar.newUser();
        victimExport = dsar.completedExport(victim, 3_000);
        dsar.requestIn(victim, DsarStatus.PENDING);
        UserId attacker = dsar.newUser();
        ownExport = dsar.completedExport(attacker, 2_000);
        attackerToken = dsar.token(attacker);
        adminToken = dsar.adminToken(dsar.newUser());
    }

    @AfterAll
    static void everyInputWasAnswered() {
        // The figure in docs/reliability.md ("Hostile input") is this count.
        System.out.println("hostile inputs tried: " + ANSWERS.size());
    }

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "PROPFIND", "get", "FOO");

    static final List<String> PATHS = List.of(
            "/api/dsar/download/{VICTIM}", "/api/dsar/requests/{VICTIM}", "/api/dsar/download/{VICTIM}/",
            "/api/dsar/download/{VICTIM}%00", "/api/dsar/download/{VICTIM}%2500", "/api/dsar/download/{VICTIM}.zip",
            "/api/dsar/download/..%2f{VICTIM}", "/api/dsar/download/%2e%2e/requests/{VICTIM}",
            "//api/dsar/download/{VICTIM}", "/api/dsar/./download/{VICTIM}", "/api/dsar/download;x=1/{VICTIM}",
            "/API/DSAR/DOWNLOAD/{VICTIM}", "/api/dsar/download/{VICTIM}?user_id={VICTIM_ID}",
            "/api/dsar/requests?user_id={VICTIM_ID}", "/api/dsar/requests?sub={VICTIM_ID}&roles=dsar-admin",
            "/health/../api/dsar/download/{VICTIM}", "/%2e%2e/%2e%2e/etc/passwd", "/api/dsar/download/%ZZ",
            "/api/dsar/download/%C0%AE%C0%AE/%C0%AE%C0%AE", "/api/dsar/download/%u002e%u002e",
            "/api/dsar/download/caf\u00e9", "/api/dsar/download/{VICTIM}%0d%0aSet-Cookie:%20x=1",
            "/api/dsar/download/" + "A".repeat(65), "/api/dsar/requests/" + "x".repeat(5_000),
            "/api/admin/dsar/storage", "/api/admin/dsar/cleanup/stats", "/api/admin/dsar/requests",
            "/api/admin/dsar/cleanup", "/api/admin/../admin/dsar/storage", "/api/dsar/requests/%2F..%2F..%2Fadmin",
            "*", "/*", "http://evil.example/api/dsar/requests", "/metrics?x=%00", "/health%00", "/ready/..%2f..%2f");

    static final List<String> BODIES = List.of(
            "{\"dryRun\":true}", "{\"dry_run\":null}", "{\"dry_run\":\"true\"}", "{\"dry_run\":1}",
            "{\"dry_run\":true,\"dry_run\":false}", "{\"user_id\":\"42\"}", "{\"user_id\":1e20}", "{\"user_id\":-1}",
            "{\"user_id\":{VICTIM_ID},\"user_id\":1}", "{\"user_id\":99999999999999999999999}", "{\"user_id\":[1]}",
            "{\"user_id\":{\"$gt\":0}}", "{\"user_id\":1,\"reference_id\":\"{VICTIM}\",\"x\":1}",
            "{\"user_id\":1,\"reference_id\":\"../../etc/passwd\"}", "{\"user_id\":1,\"reference_id\":\"\"}",
            "{\"__proto__\":{\"admin\":true}}", "{\"sub\":\"{VICTIM_ID}\"}", "[]", "[{}]", "null", "true", "1",
            "\"{}\"", "{", "}", "{\"a\":", "{\"a\":1}}", "{\"a\":1}{\"b\":2}", "{'user_id':1}", "{user_id:1}",
            "{\"user_id\":1,}", "{\"user_id\":NaN}", "{\"user_id\":Infinity}", "{\"user_id\":0x10}",
            "{\"user_id\":1 /* comment */}", "\u0000", "\uFEFF{}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}",
            "{\"" + "a".repeat(10_000) + "\":1}", "[".repeat(5_000) + "]".repeat(5_000),
            "{\"a\":" + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_001));

    static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=utf-16", "");

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        for (String path : PATHS) {
            for (String method : METHODS) {
                cases.add(Arguments.of(method + " " + shorten(path), request(method, path,
                        "Authorization: Bearer {TOKEN}\r\n", method.equals("POST") || method.equals("PUT") ? "{}" : null)));
            }
        }
        for (String authorization : authorizations()) {
            for (String path : List.of("/api/dsar/download/{VICTIM}", "/api/dsar/requests", "/api/admin/dsar/storage")) {
                cases.add(Arguments.of("token " + shorten(authorization) + " " + path,
                        request("GET", path, authorization, null)));
            }
        }
        for (String body : BODIES) {
            cases.add(Arguments.of("subject body " + shorten(body), request("POST", "/api/dsar/requests",
                    "Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n", body)));
            cases.add(Arguments.of("admin request body " + shorten(body), request("POST", "/api/admin/dsar/requests",
                    "Authorization: Bearer {ADMIN}\r\nContent-Type: application/json\r\n", body)));
            cases.add(Arguments.of("cleanup body " + shorten(body), request("POST", "/api/admin/dsar/cleanup",
                    "Authorization: Bearer {ADMIN}\r\nContent-Type: application/json\r\n", body)));
        }
        for (String type : CONTENT_TYPES) {
            cases.add(Arguments.of("content type " + type, request("POST", "/api/admin/dsar/cleanup",
                    "Authorization: Bearer {ADMIN}\r\nContent-Type: " + type + "\r\n", "dry_run=true")));
        }
        for (String header : downloadHeaders()) {
            for (String target : List.of("{OWN}", "{VICTIM}")) {
                cases.add(Arguments.of("download " + target + " " + shorten(header), request("GET",
                        "/api/dsar/download/" + target, "Authorization: Bearer {TOKEN}\r\n" + header + "\r\n", null)));
            }
        }
        for (String raw : rawRequests()) {
            cases.add(Arguments.of("raw " + shorten(raw), raw));
        }
        return cases.stream();
    }

    private static List<String> authorizations() {
        JsonObject victimClaims = new JsonObject().put("sub", "{VICTIM_ID}").put("exp", Jwts.inOneHour());
        String other = "another-secret-another-secret-another";
        List<String> tokens = new ArrayList<>(List.of(
                "", "Bearer\r\n", "Bearer \r\n", "Basic dXNlcjpwYXNz\r\n", "Bearer {TOKEN}x\r\n",
                "bearer {TOKEN}\r\n", "Bearer  {TOKEN}\r\n", "Bearer {TOKEN}\r\nAuthorization: Bearer garbage\r\n",
                "Bearer " + Jwts.hs256(victimClaims, other) + "\r\n",
                "Bearer " + Jwts.unsigned(victimClaims) + "\r\n",
                "Bearer " + Jwts.signed(new JsonObject().put("alg", "HS512"), victimClaims, RunningService.SECRET) + "\r\n",
                "Bearer " + "e".repeat(9_000) + "\r\n", "Bearer \u00e9\u00e8\r\n", "Bearer a.b.c\r\n", "Bearer ...\r\n"));
        for (Object exp : new Object[] {"9999999999", 1e20, -1, true, new JsonArray()}) {
            tokens.add("Bearer " + Jwts.hs256(victimClaims.copy().put("exp", exp), RunningService.SECRET) + "\r\n");
        }
        for (Object aud : new Object[] {42, new JsonArray().add(1), new JsonObject()}) {
            tokens.add("Bearer " + Jwts.hs256(victimClaims.copy().put("aud", aud).put("sub", "x"), RunningService.SECRET)
                    + "\r\n");
        }
        List<String> headers = new ArrayList<>();
        for (String token : tokens) {
            headers.add(token.isEmpty() ? "" : "Authorization: " + token);
        }
        return headers;
    }

    private static List<String> downloadHeaders() {
        return List.of("Range: bytes=-0", "Range: bytes=0-0,0-1,2-3", "Range: bytes=99999999999999999999-",
                "Range: bytes=5-1", "Range: bytes=-99999999999999999999", "Range: items=0-1", "Range: bytes=0-",
                "Range: bytes=1-1\r\nRange: bytes=2-2", "If-Range: garbage\r\nRange: bytes=0-1", "If-None-Match: ,,,",
                "If-None-Match: W/", "If-None-Match: \"" + "a".repeat(70) + "\"", "If-Modified-Since: yesterday",
                "Accept: text/html", "Accept-Encoding: gzip, br", "Expect: 100-continue", "Expect: 200-ok",
                "Connection: upgrade\r\nUpgrade: websocket", "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__",
                "X-Forwarded-For: 127.0.0.1\r\nX-Original-URL: /api/admin/dsar/storage", "Cookie: " + "c".repeat(7_000));
    }

    private static List<String> rawRequests() {
        String auth = "Authorization: Bearer {TOKEN}\r\n";
        return List.of(
                "POST /api/dsar/requests HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/dsar/download/{VICTIM} HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /api/dsar/requests HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST /api/dsar/requests HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: gzip\r\n\r\n",
                "POST /api/dsar/requests HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: -1\r\n\r\n",
                "POST /api/dsar/requests HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: abc\r\n\r\n",
                "POST /api/dsar/requests HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost : x\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n b\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
                "GET  /health  HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /health\r\n\r\n",
                "GET /health HTTP/1.2\r\nHost: x\r\n\r\n",
                "GET /health HTTP/2.0\r\nHost: x\r\n\r\n",
                "GET /health HTTP/3.0\r\nHost: x\r\n\r\n",
                "PRI * HTTP/2.0\r\nHost: x\r\n\r\n",
                "GET /health HTTX/1.1\r\nHost: x\r\n\r\n",
                "GET /api/dsar/download/{VICTIM} HTTP/1.1\r\n" + auth + "\r\n",
                "GET /api/dsar/download/{VICTIM} HTTP/1.0\r\n" + auth + "\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n",
                "POST /api/admin/dsar/cleanup HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ADMIN}\r\n"
                        + "Expect: 100-continue\r\nContent-Length: 15\r\n\r\n{\"dryRun\":true}",
                "\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n",
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n",
                "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    private static String request(String method, String path, String headers, String body) {
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: x\r\n")
                .append(headers);
        if (body != null) {
            request.append("Content-Length: {LENGTH}\r\n");
        }
        request.append("\r\n");
        if (body != null) {
            request.append(body);
        }
        return request.toString();
    }

    private static String shorten(String text) {
        String oneLine = text.replace("\r\n", "⏎");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "…";
    }

    private static String fill(String template) {
        String filled = fillNames(template);
        int body = filled.indexOf("\r\n\r\n") + 4;
        return filled.replace("{LENGTH}", Integer.toString(filled.substring(body).getBytes(StandardCharsets.UTF_8).length));
    }

    private static String fillNames(String template) {
        return template.replace("{VICTIM_ID}", Long.toString(victim.value()))
                .replace("{VICTIM}", victimExport.reference().value())
                .replace("{OWN}", ownExport.reference().value())
                .replace("{TOKEN}", attackerToken)
                .replace("{ADMIN}", adminToken);
    }

    /** One request on its own connection; the whole answer, read until the server closes. */
    private static byte[] exchange(String request) throws Exception {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", dsar.service().port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read; (read = socket.getInputStream().read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, read);
                    if (complete(answer.toByteArray(), request.startsWith("HEAD "))) {
                        break;
                    }
                }
            } catch (java.net.SocketException resetAfterTheAnswer) {
                // the server closed with request bytes unread (a refused request): what was read is the answer
            }
            return answer.toByteArray();
        }
    }

    /** A whole answer to one request: its head and as many body bytes as Content-Length says (keep-alive stays open). */
    private static boolean complete(byte[] answer, boolean head) {
        String text = skipInterim(new String(answer, StandardCharsets.ISO_8859_1));
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String lower = text.substring(0, end).toLowerCase(Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (head || at < 0) {
            // HEAD answers and bodiless ones end with their head; the others without a length end with the close.
            return head || lower.matches("(?s)http/1\\.[01] (304|204) .*");
        }
        long length = Long.parseLong(lower.substring(at + 15).split("\r\n")[0].trim());
        return text.length() - end - 4 >= length;
    }

    /** Without the {@code 100 Continue} interim answers that precede the final one. */
    private static String skipInterim(String answer) {
        String rest = answer;
        while (rest.matches("(?s)HTTP/1\\.[01] 1\\d\\d .*") && rest.contains("\r\n\r\n")) {
            rest = rest.substring(rest.indexOf("\r\n\r\n") + 4);
        }
        return rest;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aHostileRequestGetsJsonNo5xxAndNothingOfAnotherUser(String name, String template) throws Exception {
        String request = fill(template);
        byte[] raw = exchange(request);
        String answer = skipInterim(new String(raw, StandardCharsets.ISO_8859_1));

        int headEnd = answer.indexOf("\r\n\r\n");
        assertThat(headEnd).as("a whole answer head for %s:%n%s", name, answer).isPositive();
        String head = answer.substring(0, headEnd);
        String body = answer.substring(headEnd + 4);
        String lowerHead = head.toLowerCase(Locale.ROOT);
        int status = Integer.parseInt(head.substring(9, 12));
        ANSWERS.add(status);

        assertThat(status).as("status for %s", name).isLessThan(500);
        boolean ownDownload = (status == 200 || status == 206 || status == 304) && request.contains(ownExport.reference().value());
        boolean metrics = status == 200 && request.startsWith("GET /metrics");
        if (!ownDownload && !metrics && status != 304) {
            assertThat(lowerHead).as("JSON for %s:%n%s", name, head).contains("\r\ncontent-type: application/json");
        }
        assertThat(body).as("nothing of the other user for %s", name)
                .doesNotContain(victimExport.sha256())
                .doesNotContain(victimExport.reference().value())
                .doesNotContain(new String(victimExport.content(), 0, 32, StandardCharsets.ISO_8859_1));
        if (request.contains(victimExport.reference().value())) {
            assertThat(status).as("the other user's export for %s", name).isNotIn(200, 206, 304);
        }
    }

    @Test
    void theCorpusHoldsSeveralHundredInputs() {
        assertThat(corpus().count()).isGreaterThan(500);
    }
}
