package dev.dsar.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dsar.bootstrap.http.OpenApiDocument.Endpoint;
import dev.dsar.bootstrap.http.OpenApiDocument.Operation;
import dev.dsar.bootstrap.http.OpenApiDocument.Response;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must hold between docs/openapi.yaml and the router, checked without a network: the same (method, path)
 * pairs on both sides, and every documented error body of the {@code {"ok":false,"error":…}} shape. Returns
 * the problems found rather than asserting, so that a test can show each check failing.
 */
final class OpenApiAgreement {

    private static final Pattern PATH_PARAMETER = Pattern.compile(":([A-Za-z0-9_]+)");

    private OpenApiAgreement() {
    }

    /**
     * The router's endpoints, read from the router itself. A route without methods and with a prefix path
     * ({@code /api/*}) or no path is a filter (metrics, authentication, admin check), not an endpoint; a route
     * without methods on an exact path would answer every method and is reported as such, as is a regex route.
     */
    static Set<Endpoint> routed(Router router, List<String> problems) {
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        for (Route route : router.getRoutes()) {
            // A path with parameters is a regex route too, but keeps its template as its path.
            if (route.isRegexPath() && route.getPath() == null) {
                problems.add("regex route cannot be compared with the document: " + route);
                continue;
            }
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                if (route.getPath() != null && route.isExactPath()) {
                    problems.add("route answers every method, which the document cannot list: " + route.getPath());
                }
                continue;
            }
            for (HttpMethod method : methods) {
                endpoints.add(new Endpoint(method.name(), documentForm(route.getPath())));
            }
        }
        return endpoints;
    }

    /** {@code /api/dsar/download/:ref} as the document writes it: {@code /api/dsar/download/{ref}}. */
    static String documentForm(String routerPath) {
        Matcher parameter = PATH_PARAMETER.matcher(routerPath);
        return parameter.replaceAll(match -> "{" + match.group(1) + "}");
    }

    /** Every disagreement between the document and the routes, one line each; empty when they agree. */
    static List<String> problems(OpenApiDocument document, Collection<Endpoint> routed) {
        List<String> problems = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        for (Operation operation : document.operations()) {
            documented.add(operation.endpoint().toString());
            problems.addAll(errorBodyProblems(document, operation));
            problems.addAll(responseObjectProblems(document, operation));
            if (operation.responses().isEmpty()) {
                problems.add("no responses documented: " + operation);
            }
        }
        Set<String> routes = new TreeSet<>();
        routed.forEach(endpoint -> routes.add(endpoint.toString()));
        for (String route : routes) {
            if (!documented.contains(route)) {
                problems.add("routed but not documented: " + route);
            }
        }
        for (String operation : documented) {
            if (!routes.contains(operation)) {
                problems.add("documented but not routed: " + operation);
            }
        }
        return problems;
    }

    private static final Set<String> RESPONSE_FIELDS = Set.of("description", "headers", "content", "links");

    /**
     * Each response object has a description and only the fields OpenAPI allows: an unquoted comma in a YAML
     * flow mapping ({@code { description: a, b }}) silently makes keys of its pieces.
     */
    private static List<String> responseObjectProblems(OpenApiDocument document, Operation operation) {
        List<String> problems = new ArrayList<>();
        operation.responses().keySet().forEach(status -> {
            JsonNode response = document.resolve(document.rawResponse(operation, status));
            if (!response.path("description").isTextual()) {
                problems.add(operation + " " + status + ": response without a description");
            }
            response.fieldNames().forEachRemaining(field -> {
                if (!RESPONSE_FIELDS.contains(field) && !field.startsWith("x-")) {
                    problems.add(operation + " " + status + ": unexpected response field '" + field + "'");
                }
            });
        });
        return problems;
    }

    /** Error answers carry {@code {"ok":false,"error":"…"}} (HEAD answers have no body to describe). */
    private static List<String> errorBodyProblems(OpenApiDocument document, Operation operation) {
        List<String> problems = new ArrayList<>();
        for (Response response : operation.responses().values()) {
            if (response.status() < 400 || operation.method().equals("HEAD")) {
                continue;
            }
            JsonNode schema = response.content().get("application/json");
            if (schema == null) {
                problems.add(operation + " " + response.status() + ": no application/json error body documented");
            } else if (!isErrorShape(document, schema)) {
                problems.add(operation + " " + response.status() + ": error body is not {\"ok\":false,\"error\":string}");
            }
        }
        return problems;
    }

    private static boolean isErrorShape(OpenApiDocument document, JsonNode schema) {
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        JsonNode ok = document.resolve(schema.path("properties").path("ok"));
        JsonNode error = document.resolve(schema.path("properties").path("error"));
        boolean okIsFalse = ok.has("const") && ok.get("const").isBoolean() && !ok.get("const").asBoolean();
        boolean errorIsText = error.path("type").asText().equals("string") || error.path("const").isTextual();
        return required.containsAll(Set.of("ok", "error")) && okIsFalse && errorIsText;
    }
}
