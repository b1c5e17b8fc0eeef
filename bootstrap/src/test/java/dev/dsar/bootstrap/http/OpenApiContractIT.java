package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.http.OpenApiDocument.Operation;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/openapi.yaml against the running service, both ways: the router's routes are the documented ones
 * (read from the router, not from a list kept here); every documented operation is served by a route of its
 * own (never the unknown-route 404 or the wrong-method 405); every answer the service gives in a range of
 * situations is documented for its operation, with the promised headers, media type and error shape; and
 * every documented status is one the service was seen to answer, but for faults that cannot be caused from
 * outside without breaking the service.
 */
class OpenApiContractIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    private static final OpenApiDocument DOCUMENT = OpenApiDocument.read();
    /** Over the 1 MiB body limit of the API. */
    private static final int OVERSIZED_BODY = 1024 * 1024 + 1;

    /**
     * Documented statuses this test does not cause: an internal fault (500), wherever it is not the download's
     * missing file, would take breaking the service in the middle of a request. Anything else documented must
     * be seen.
     */
    private static boolean causedOnlyByFaults(Operation operation, int status) {
        // A 503 of an operation other than /ready needs the database server stopped: DatabaseOutageIT does
        // that on a server of its own, and checks those answers.
        // A download's 302 needs DSAR_STORAGE=s3 with redirects: ObjectStorageRedirectIT checks it.
        return status == 500 && !operation.operationId().equals("downloadExport")
                || status == 503 && !operation.operationId().equals("ready")
                || status == 302 && operation.operationId().startsWith("downloadExport");
    }

    /** Statuses seen per operation. */
    private final Map<String, Set<Integer>> seen = new TreeMap<>();

    @Test
    void theRouterServesExactlyTheDocumentedRoutes() {
        List<String> problems = new ArrayList<>();
        Set<OpenApiDocument.Endpoint> routed = OpenApiAgreement.routed(dsar.service().api().router(dsar.vertx()), problems);
        problems.addAll(OpenApiAgreement.problems(DOCUMENT, routed));

        assertThat(routed).as("routes read from the router").isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocumentedOperationIsAnsweredByItsOwnRoute() {
        Fixture fixture = new Fixture();
        for (Operation operation : DOCUMENT.operations()) {
            HttpResponse<Buffer> response = call(operation, fixture.ownerAdmin, fixture.export.value(),
                    operation.exampleBody(), Map.of());

            // The unknown-route 404 and wrong-method 405 are the router's answers when no route takes a request.
            assertThat(response.statusCode()).as(operation + " with its example").isNotIn(404, 405);
        }
    }

    /**
     * What the first test tells apart: the router's own answers when no route takes a request, as the document's
     * description and {@code components.responses} give them.
     */
    @Test
    void undocumentedMethodsAndPathsGetTheGenericErrors() {
        String admin = dsar.adminToken(dsar.newUser());
        String ref = ReferenceId.generate(new SecureRandom()).value();
        OpenApiDocument.Response methodNotAllowed = DOCUMENT.componentResponse("MethodNotAllowed", 405);
        assertThat(methodNotAllowed.headers()).as("headers documented for a 405").contains("Allow");
        Map<String, Set<String>> methodsByPath = new TreeMap<>();
        DOCUMENT.operations().forEach(operation ->
                methodsByPath.computeIfAbsent(operation.path(), any -> new TreeSet<>()).add(operation.method()));
        for (Map.Entry<String, Set<String>> path : methodsByPath.entrySet()) {
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
                if (path.getValue().contains(method)) {
                    continue;
                }
                String target = path.getKey().replace("{ref}", ref);
                HttpResponse<Buffer> response = dsar.request(HttpMethod.valueOf(method), target, admin).send().await();
                assertThat(response.statusCode()).as(method + " " + target).isEqualTo(405);
                for (String header : methodNotAllowed.headers()) {
                    assertThat(response.getHeader(header)).as(method + " " + target + ": documented header " + header)
                            .isNotNull();
                }
                // Allow names exactly the methods documented for the path.
                assertThat(response.getHeader("Allow")).as(method + " " + target)
                        .isEqualTo(String.join(", ", path.getValue()));
                if (!method.equals("HEAD")) {
                    assertThat(response.bodyAsJsonObject()).as(method + " " + target)
                            .isEqualTo(new JsonObject().put("ok", false).put("error", "Method not allowed"));
                }
            }
        }
        for (String unknown : List.of("/api/dsar/nothing-here", "/nothing-here", "/api/admin/dsar/requests/" + ref)) {
            HttpResponse<Buffer> response = dsar.get(unknown, admin);
            assertThat(response.statusCode()).as(unknown).isEqualTo(404);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false).put("error", "Not found"));
        }
    }

    @Test
    void everyAnswerIsDocumentedAndEveryDocumentedStatusIsAnswered() {
        Fixture fixture = new Fixture();
        String stranger = dsar.token(dsar.newUser());
        String unknown = ReferenceId.generate(new SecureRandom()).value();
        for (Operation operation : DOCUMENT.operations()) {
            String ref = fixture.export.value();
            call(operation, fixture.ownerAdmin, ref, operation.exampleBody(), Map.of());
            call(operation, null, ref, operation.exampleBody(), Map.of());
            call(operation, stranger, ref, operation.exampleBody(), Map.of());
            if (operation.path().contains("{ref}")) {
                call(operation, fixture.ownerAdmin, "-not-a-reference", operation.exampleBody(), Map.of());
                call(operation, fixture.ownerAdmin, unknown, operation.exampleBody(), Map.of());
            }
            if (operation.method().equals("POST")) {
                call(operation, fixture.ownerAdmin, ref, Optional.of("[1]"), Map.of());
                call(operation, fixture.ownerAdmin, ref, Optional.of(" ".repeat(OVERSIZED_BODY)), Map.of());
            }
        }
        downloadsInEveryState();
        linksInEveryState();
        badQueryParameters();
        conflicts();
        webhookEvents();
        databaseDown();

        for (Operation operation : DOCUMENT.operations()) {
            Set<Integer> answered = seen.getOrDefault(operation.toString(), Set.of());
            Set<Integer> neverSeen = new TreeSet<>(operation.responses().keySet());
            neverSeen.removeAll(answered);
            neverSeen.removeIf(status -> causedOnlyByFaults(operation, status));
            assertThat(neverSeen).as(operation + ": documented statuses never answered (answered: " + answered + ")")
                    .isEmpty();
        }
    }

    private void downloadsInEveryState() {
        for (Operation download : operations("downloadExport", "downloadExportHeaders")) {
            Fixture fixture = new Fixture();
            String ref = fixture.export.value();
            call(download, fixture.ownerAdmin, ref, Optional.empty(), Map.of("Range", "bytes=0-9"));
            call(download, fixture.ownerAdmin, ref, Optional.empty(), Map.of("Range", "bytes=1000000-"));
            call(download, fixture.ownerAdmin, ref, Optional.empty(), Map.of("If-None-Match", "*"));

            UserId waiting = dsar.newUser();
            String pending = dsar.requestIn(waiting, DsarStatus.PENDING).reference().value();
            call(download, dsar.token(waiting), pending, Optional.empty(), Map.of());

            Fixture gone = new Fixture();
            deleteQuietly(gone);
            call(download, gone.ownerAdmin, gone.export.value(), Optional.empty(), Map.of());

            Fixture expiring = new Fixture();
            dsar.clock().movedAhead(Duration.ofDays(31),
                    () -> call(download, expiring.ownerAdmin, expiring.export.value(), Optional.empty(), Map.of()));
        }
    }

    /** A link refused as a download would be (not ready, expired), and downloads through an issued link. */
    private void linksInEveryState() {
        Operation issue = operations("issueDownloadLink").get(0);
        UserId waiting = dsar.newUser();
        String pending = dsar.requestIn(waiting, DsarStatus.PENDING).reference().value();
        call(issue, dsar.token(waiting), pending, Optional.empty(), Map.of());

        Fixture expiring = new Fixture();
        dsar.clock().movedAhead(Duration.ofDays(31),
                () -> call(issue, expiring.ownerAdmin, expiring.export.value(), Optional.empty(), Map.of()));

        Fixture linked = new Fixture();
        String url = call(issue, linked.ownerAdmin, linked.export.value(), Optional.empty(), Map.of())
                .bodyAsJsonObject().getString("url");
        String withLink = url.substring("/api/dsar/download/".length());
        for (Operation download : operations("downloadExport", "downloadExportHeaders")) {
            call(download, null, withLink, Optional.empty(), Map.of());
            call(download, null, withLink + "0", Optional.empty(), Map.of());
        }
    }

    /** The admin views refuse a bad parameter with 400 naming it. */
    private void badQueryParameters() {
        String admin = dsar.adminToken(dsar.newUser());
        for (Operation operation : operations("listAllRequests", "cleanupRuns")) {
            callPath(operation, admin, operation.path() + "?limit=0", Optional.empty(), Map.of());
            callPath(operation, admin, operation.path() + "?limit=10", Optional.empty(), Map.of());
        }
    }

    private void conflicts() {
        String subject = dsar.token(dsar.newUser());
        Operation requestExport = operations("requestExport").get(0);
        call(requestExport, subject, null, Optional.empty(), Map.of());
        call(requestExport, subject, null, Optional.empty(), Map.of());

        String admin = dsar.adminToken(dsar.newUser());
        Operation forUser = operations("requestExportForUser").get(0);
        String body = new JsonObject().put("user_id", dsar.newUser().value()).encode();
        call(forUser, admin, null, Optional.of(body), Map.of());
        call(forUser, admin, null, Optional.of(body), Map.of());

        Operation cleanup = operations("runCleanup").get(0);
        dsar.database().execute("INSERT INTO dsar_cleanup_lock (name, holder, instance_id, acquired_at, expires_at)"
                + " VALUES ('cleanup', 'other-holder', 'other-instance', now(), now() + interval '1 day')"
                + " ON CONFLICT (name) DO UPDATE SET holder = 'other-holder', expires_at = now() + interval '1 day'");
        try {
            call(cleanup, admin, null, cleanup.exampleBody(), Map.of());
        } finally {
            dsar.database().execute("DELETE FROM dsar_cleanup_lock");
        }
    }

    private void webhookEvents() {
        String admin = dsar.adminToken(dsar.newUser());
        Operation list = operations("listWebhookEvents").get(0);
        HttpResponse<Buffer> bad = dsar.get(list.path() + "?state=lost", admin);
        assertThat(bad.statusCode()).isEqualTo(400);
        seen.computeIfAbsent(list.toString(), any -> new TreeSet<>()).add(bad.statusCode());
        Operation retry = operations("retryWebhookEvent").get(0);
        HttpResponse<Buffer> unknown = dsar.post(retry.path().replace("{id}", "999999"), admin, "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getValue("ok")).isEqualTo(false);
        seen.computeIfAbsent(retry.toString(), any -> new TreeSet<>()).add(unknown.statusCode());
        dsar.database().execute("INSERT INTO dsar_webhook_events (id, event_type, gdpr_reference_id, user_id,"
                + " occurred_at, next_attempt_at, retry_from, state, dead_at)"
                + " VALUES (424242, 'export.failed', 'GDPR-OPENAPI', 1, now(), now(), now(), 'dead', now())");
        HttpResponse<Buffer> resent = dsar.post(retry.path().replace("{id}", "424242"), admin, "");
        assertThat(resent.statusCode()).isEqualTo(202);
        assertThat(resent.bodyAsJsonObject().getString("state")).isEqualTo("pending");
        seen.computeIfAbsent(retry.toString(), any -> new TreeSet<>()).add(resent.statusCode());
    }

    private void databaseDown() {
        Operation ready = operations("ready").get(0);
        String database = dsar.database().location().database();
        try (Connection admin = TestPostgres.connect(TestPostgres.server()); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            try {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                call(ready, null, null, Optional.empty(), Map.of());
            } finally {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one request for the operation, checks the answer against the document and records its status. */
    private HttpResponse<Buffer> call(Operation operation, String token, String ref, Optional<String> body,
                                      Map<String, String> headers) {
        String path = (ref == null ? operation.path() : operation.path().replace("{ref}", ref))
                // The pages' assets: one of the listed files.
                .replace("{file}", "pages.css");
        return callPath(operation, token, path, body, headers);
    }

    /** The same, on a path of the caller's (with a query string, say). */
    private HttpResponse<Buffer> callPath(Operation operation, String token, String path, Optional<String> body,
                                          Map<String, String> headers) {
        HttpRequest<Buffer> request = dsar.request(HttpMethod.valueOf(operation.method()), path, token);
        headers.forEach(request::putHeader);
        HttpResponse<Buffer> response = body.isPresent()
                ? request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.get())).await()
                : request.send().await();
        int status = response.statusCode();
        String what = operation + " (" + path + ", token: " + (token != null) + ", headers: " + headers + ") answered "
                + status + " " + response.bodyAsString();
        assertThat(operation.responses()).as(what + ": status not documented").containsKey(status);
        OpenApiDocument.Response documented = operation.responses().get(status);
        for (String header : documented.headers()) {
            assertThat(response.getHeader(header)).as(what + ": documented header " + header).isNotNull();
        }
        if (operation.method().equals("HEAD") || status == 304) {
            assertThat(response.body()).as(what + ": no body").satisfiesAnyOf(
                    nothing -> assertThat(nothing).isNull(), empty -> assertThat(empty.length()).isZero());
        } else {
            String contentType = String.valueOf(response.getHeader("Content-Type")).split(";")[0].trim();
            assertThat(documented.content().keySet()).as(what + ": media type").contains(contentType);
            if (status >= 400) {
                JsonObject error = response.bodyAsJsonObject();
                assertThat(error.getValue("ok")).as(what).isEqualTo(false);
                assertThat(error.getValue("error")).as(what).isInstanceOf(String.class);
            }
        }
        seen.computeIfAbsent(operation.toString(), any -> new TreeSet<>()).add(status);
        return response;
    }

    private static List<Operation> operations(String... operationIds) {
        List<Operation> found = new ArrayList<>();
        for (String id : operationIds) {
            found.add(DOCUMENT.operations().stream().filter(operation -> operation.operationId().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no operation " + id + " in " + OpenApiDocument.FILE)));
        }
        return found;
    }

    private static void deleteQuietly(Fixture fixture) {
        try {
            Files.delete(fixture.planted.file());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A user who is an admin and owns a completed export: every operation can answer them with success. */
    private static final class Fixture {
        final UserId owner = dsar.newUser();
        final RunningService.Export planted = dsar.completedExport(owner, 2048);
        final ReferenceId export = planted.reference();
        final String ownerAdmin = dsar.adminToken(owner);
    }
}
