package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dsar.bootstrap.http.OpenApiDocument.Endpoint;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each check of {@link OpenApiAgreement} shown failing on a document or a router broken on purpose, so that a
 * check that silently compares nothing cannot pass for a guard.
 */
class OpenApiAgreementCanFailTest {

    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    /** The real document's routes, as if read from a router that serves exactly them. */
    private static Set<Endpoint> documentedRoutes() {
        Set<Endpoint> routes = new java.util.LinkedHashSet<>();
        OpenApiDocument.read().operations().forEach(operation -> routes.add(operation.endpoint()));
        return routes;
    }

    @Test
    void theRealDocumentAgreesWithItsOwnRoutes() {
        assertThat(OpenApiAgreement.problems(OpenApiDocument.read(), documentedRoutes())).isEmpty();
    }

    @Test
    void aRouteMissingFromTheDocumentIsReported() {
        ObjectNode broken = OpenApiDocument.read().tree();
        ((ObjectNode) broken.get("paths")).remove("/api/admin/dsar/storage");

        assertThat(OpenApiAgreement.problems(OpenApiDocument.of(broken), documentedRoutes()))
                .containsExactly("routed but not documented: GET /api/admin/dsar/storage");
    }

    @Test
    void aMethodMissingFromTheDocumentIsReported() {
        ObjectNode broken = OpenApiDocument.read().tree();
        ((ObjectNode) broken.get("paths").get("/api/dsar/download/{ref}")).remove("head");

        assertThat(OpenApiAgreement.problems(OpenApiDocument.of(broken), documentedRoutes()))
                .containsExactly("routed but not documented: HEAD /api/dsar/download/{ref}");
    }

    @Test
    void aDocumentedRouteTheRouterLacksIsReported() {
        Set<Endpoint> routes = documentedRoutes();
        routes.remove(new Endpoint("POST", "/api/admin/dsar/cleanup"));

        assertThat(OpenApiAgreement.problems(OpenApiDocument.read(), routes))
                .containsExactly("documented but not routed: POST /api/admin/dsar/cleanup");
    }

    @Test
    void anErrorBodyOfAnotherShapeIsReported() {
        ObjectNode broken = OpenApiDocument.read().tree();
        ((ObjectNode) broken.at("/components/schemas/Error/properties/ok")).put("const", true);

        assertThat(OpenApiAgreement.problems(OpenApiDocument.of(broken), documentedRoutes()))
                .isNotEmpty()
                .allMatch(problem -> problem.contains("error body is not"))
                .anyMatch(problem -> problem.startsWith("GET /api/dsar/requests/{ref} 404"));
    }

    @Test
    void anErrorWithoutABodyIsReported() {
        ObjectNode broken = OpenApiDocument.read().tree();
        ((ObjectNode) broken.get("paths").get("/health").get("get").get("responses")).putObject("500")
                .put("description", "x");

        assertThat(OpenApiAgreement.problems(OpenApiDocument.of(broken), documentedRoutes()))
                .containsExactly("GET /health 500: no application/json error body documented");
    }

    @Test
    void aResponseMangledByAnUnquotedCommaIsReported() throws Exception {
        ObjectNode broken = OpenApiDocument.read().tree();
        ((ObjectNode) broken.get("paths").get("/api/dsar/download/{ref}").get("head").get("responses"))
                .set("404", new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                        .readTree("{ description: Unknown, or not the caller's }"));

        assertThat(OpenApiAgreement.problems(OpenApiDocument.of(broken), documentedRoutes()))
                .containsExactly("HEAD /api/dsar/download/{ref} 404: unexpected response field 'or not the caller's'");
    }

    @Test
    void routesAreReadFromTheRouterWithTheirMethodsAndFiltersAreSkipped() {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> ctx.next());
        router.route("/api/*").handler(ctx -> ctx.next());
        router.route("/api/x/:ref").method(io.vertx.core.http.HttpMethod.GET).method(io.vertx.core.http.HttpMethod.HEAD)
                .handler(ctx -> ctx.end());
        router.post("/api/y").handler(ctx -> ctx.end());
        router.route("/api/every-method").handler(ctx -> ctx.end());
        List<String> problems = new ArrayList<>();

        Set<Endpoint> routed = OpenApiAgreement.routed(router, problems);

        assertThat(routed).containsExactlyInAnyOrder(new Endpoint("GET", "/api/x/{ref}"),
                new Endpoint("HEAD", "/api/x/{ref}"), new Endpoint("POST", "/api/y"));
        assertThat(problems).containsExactly(
                "route answers every method, which the document cannot list: /api/every-method");
    }
}
