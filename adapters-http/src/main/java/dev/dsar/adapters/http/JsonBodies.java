package dev.dsar.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Request bodies read strictly into records, with one mapper for every route: an unknown key, a duplicate key,
 * an explicit {@code null}, a value of the wrong JSON type (no coercion: {@code "42"} is not a number,
 * {@code 1} is not a boolean, {@code 5.0} is not an integer) or a missing required key is refused with 400
 * naming the field. A typo must never fall back to a default: {@code {"dryRun":true}} once ran a real cleanup.
 */
final class JsonBodies {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(config -> {
                // Consulted only when the input's shape differs from the target's: every such coercion fails.
                for (CoercionInputShape shape : CoercionInputShape.values()) {
                    config.setCoercion(shape, CoercionAction.Fail);
                }
                config.setAcceptBlankAsEmpty(false);
            })
            .build();

    /** The JSON names each body record declares, as the mapper sees them. */
    private static final ClassValue<Set<String>> KNOWN_FIELDS = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            return MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(type)).findProperties().stream()
                    .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
        }
    };

    private JsonBodies() {
    }

    /** What reading a body gave: the record, or why it was refused. */
    sealed interface Read<T> {
        record Parsed<T>(T value) implements Read<T> {
        }

        /** {@code field} is empty when the body as a whole is wrong (not JSON, not an object). */
        record Refused<T>(String error, Optional<String> field, String reason) implements Read<T> {
        }
    }

    /** The body as {@code type}, or 400 answered and empty. An empty body reads as {@code {}}. */
    static <T> Optional<T> read(RoutingContext ctx, Class<T> type) {
        Read<T> read = parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes(), type);
        if (read instanceof Read.Parsed<T> parsed) {
            return Optional.of(parsed.value());
        }
        refuse(ctx, (Read.Refused<T>) read);
        return Optional.empty();
    }

    /** 400 for a body that was well formed but whose field holds a value the domain refuses. */
    static void invalidField(RoutingContext ctx, String error, String field, String reason) {
        refuse(ctx, new Read.Refused<>(error, Optional.of(field), reason));
    }

    private static void refuse(RoutingContext ctx, Read.Refused<?> refused) {
        var body = Responses.error(refused.error());
        refused.field().ifPresent(field -> body.put("field", field));
        Responses.json(ctx, 400, body.put("reason", refused.reason()));
    }

    static <T> Read<T> parse(byte[] body, Class<T> type) {
        JsonNode tree;
        try {
            tree = isBlank(body) ? MAPPER.createObjectNode() : MAPPER.readTree(body);
        } catch (StreamReadException malformed) {
            String field = currentName(malformed);
            if (malformed.getMessage() != null && malformed.getMessage().startsWith("Duplicate field") && field != null) {
                return new Read.Refused<>("Duplicate field", Optional.of(field), "the key appears more than once");
            }
            return invalidJson("malformed JSON");
        } catch (IOException malformed) {
            return invalidJson("malformed JSON");
        }
        if (tree == null || !tree.isObject()) {
            return invalidJson("the body must be a JSON object");
        }
        // Before binding, which reports a missing key ahead of the misspelt one that was meant.
        Optional<String> unknown = firstUnknown(tree, KNOWN_FIELDS.get(type));
        if (unknown.isPresent()) {
            return new Read.Refused<>("Unknown field", unknown, "no such field");
        }
        try {
            T value = MAPPER.treeToValue(tree, type);
            // Binding reads an explicit null like an absent key; no field of any body accepts null.
            Optional<String> nulled = firstNull(tree);
            if (nulled.isPresent()) {
                return new Read.Refused<>("Invalid " + nulled.get(), nulled, "null is not allowed");
            }
            return new Read.Parsed<>(value);
        } catch (UnrecognizedPropertyException unrecognized) {
            return new Read.Refused<>("Unknown field", Optional.of(path(unrecognized)), "no such field");
        } catch (JsonProcessingException mismatch) {
            String field = mismatch instanceof JsonMappingException mapping ? path(mapping) : currentName(mismatch);
            if (field == null || field.isEmpty()) {
                return invalidJson("the body does not match the expected object");
            }
            return new Read.Refused<>("Invalid " + field, Optional.of(field), reason(mismatch));
        }
    }

    private static String reason(JsonProcessingException mismatch) {
        String message = String.valueOf(mismatch.getOriginalMessage());
        if (message.startsWith("Missing required")) {
            return "required";
        }
        if (mismatch instanceof InvalidNullException) {
            return "null is not allowed";
        }
        Class<?> target = mismatch instanceof MismatchedInputException input ? input.getTargetType() : null;
        if (target == long.class || target == Long.class || target == int.class || target == Integer.class) {
            return message.contains("out of range") ? "out of range" : "expected an integer";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "expected true or false";
        }
        if (target == String.class) {
            return "expected a string";
        }
        return message.contains("out of range") ? "out of range" : "wrong type";
    }

    private static <T> Read<T> invalidJson(String reason) {
        return new Read.Refused<>("Invalid JSON", Optional.empty(), reason);
    }

    private static Optional<String> firstUnknown(JsonNode object, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstNull(JsonNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                return Optional.of(field.getKey());
            }
        }
        return Optional.empty();
    }

    /** The dotted path of the field at fault (bodies are flat today: one name). */
    private static String path(JsonMappingException failure) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : failure.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.toString();
    }

    private static String currentName(JsonProcessingException failure) {
        try {
            return failure instanceof StreamReadException read && read.getProcessor() != null
                    ? read.getProcessor().currentName() : null;
        } catch (IOException unavailable) {
            return null;
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
