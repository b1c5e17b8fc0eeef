package dev.dsar.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * docs/openapi.yaml as the tests read it: its operations, each with the statuses it documents, the headers and
 * media types of each response, and the example body to send. Local {@code $ref}s are followed.
 */
final class OpenApiDocument {

    /** The document of the repository (tests run in a module directory, one level below the root). */
    static final Path FILE = Path.of("").toAbsolutePath().getParent().resolve("docs/openapi.yaml");

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One documented response: its status, the headers it promises and its media types (none for no body). */
    record Response(int status, Set<String> headers, Map<String, JsonNode> content) {
    }

    /** One (method, path) of the document; the method in upper case, the path as written ({@code /x/{ref}}). */
    record Operation(String method, String path, String operationId, boolean secured, Optional<String> exampleBody,
                     Map<Integer, Response> responses) {
        Endpoint endpoint() {
            return new Endpoint(method, path);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A method and a path template in the document's form ({@code {name}} for a path parameter). */
    record Endpoint(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    static OpenApiDocument read() {
        return read(FILE);
    }

    static OpenApiDocument read(Path file) {
        try {
            return new OpenApiDocument(YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static OpenApiDocument of(JsonNode root) {
        return new OpenApiDocument(root);
    }

    /** A deep copy of the parsed document, for tests that break it on purpose. */
    ObjectNode tree() {
        return (ObjectNode) root.deepCopy();
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        boolean securedByDefault = root.path("security").size() > 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> entries = path.getValue().fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                JsonNode operation = entry.getValue();
                boolean secured = operation.has("security") ? operation.get("security").size() > 0 : securedByDefault;
                operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        operation.path("operationId").asText(), secured, exampleBody(operation),
                        responses(operation)));
            }
        }
        return operations;
    }

    private Optional<String> exampleBody(JsonNode operation) {
        JsonNode example = resolve(operation.path("requestBody")).path("content").path("application/json").get("example");
        return Optional.ofNullable(example).map(JsonNode::toString);
    }

    private Map<Integer, Response> responses(JsonNode operation) {
        Map<Integer, Response> responses = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = operation.path("responses").fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            int status = Integer.parseInt(entry.getKey());
            responses.put(status, response(status, entry.getValue()));
        }
        return responses;
    }

    /** A response of {@code components.responses} that no operation names, such as the router's own 405. */
    Response componentResponse(String name, int status) {
        JsonNode response = root.path("components").path("responses").path(name);
        if (response.isMissingNode()) {
            throw new AssertionError("no components.responses." + name + " in " + FILE);
        }
        return response(status, response);
    }

    private Response response(int status, JsonNode written) {
        JsonNode response = resolve(written);
        Map<String, JsonNode> content = new LinkedHashMap<>();
        response.path("content").fields().forEachRemaining(media ->
                content.put(media.getKey(), resolve(media.getValue().path("schema"))));
        Set<String> headers = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        response.path("headers").fieldNames().forEachRemaining(headers::add);
        return new Response(status, headers, content);
    }

    /** The response object of an operation as written (possibly a {@code $ref}). */
    JsonNode rawResponse(Operation operation, int status) {
        JsonNode paths = root.path("paths");
        return paths.path(operation.path()).path(operation.method().toLowerCase(Locale.ROOT)).path("responses")
                .path(Integer.toString(status));
    }

    /** Follows a local {@code $ref} ({@code #/a/b}), repeatedly; anything else is returned as it is. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/") || hops > 20) {
                throw new IllegalStateException("unsupported or circular $ref: " + ref);
            }
            current = root.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("dangling $ref: " + ref);
            }
        }
        return current;
    }
}
