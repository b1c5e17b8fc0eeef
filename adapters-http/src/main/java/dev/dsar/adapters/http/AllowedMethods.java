package dev.dsar.adapters.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Allow} header of a 405 (RFC 9110 §15.5.6): the methods the router's own routes take on a path, read
 * from the router once it is complete, so that the header cannot drift from the routes. Routes without methods
 * (filters such as authentication) take no method of their own and are left out.
 */
final class AllowedMethods {

    private static final Pattern PATH_PARAMETER = Pattern.compile(":([A-Za-z][A-Za-z0-9_]*)");

    private record Endpoint(Pattern path, Set<HttpMethod> methods) {
    }

    private final List<Endpoint> endpoints;

    private AllowedMethods(List<Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /** Reads the exact-path routes with methods of a router whose routes are all added. */
    static AllowedMethods of(Router router) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty() || route.getPath() == null || !route.isExactPath()) {
                continue;
            }
            endpoints.add(new Endpoint(template(route.getPath()), Set.copyOf(methods)));
        }
        return new AllowedMethods(List.copyOf(endpoints));
    }

    /** The value of {@code Allow} for a normalised path, e.g. {@code GET, HEAD}; empty if no route has the path. */
    String header(String path) {
        Set<String> methods = new TreeSet<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.path().matcher(path).matches()) {
                endpoint.methods().forEach(method -> methods.add(method.name()));
            }
        }
        return String.join(", ", methods);
    }

    /** {@code /api/dsar/download/:ref} as a pattern: a parameter is one non-empty segment, the rest is literal. */
    private static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PATH_PARAMETER.matcher(path);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(path.substring(last, parameter.start()))).append("[^/]+");
            last = parameter.end();
        }
        // The router takes an exact path with or without a trailing slash.
        regex.append(Pattern.quote(path.substring(last))).append("/?");
        return Pattern.compile(regex.toString());
    }
}
