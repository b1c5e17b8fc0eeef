package dev.dsar.adapters.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Query parameters read as strictly as JSON bodies: an unknown or repeated parameter is refused, and every refusal
 * is 400 naming the parameter ({@code {"ok":false,"error":"Invalid limit","parameter":"limit","reason":…}}). An
 * empty value ({@code ?status=}) counts as absent, as an empty form field sends it.
 */
final class QueryParameters {

    private final MultiMap parameters;

    private QueryParameters(MultiMap parameters) {
        this.parameters = parameters;
    }

    /** The parameters, or empty when one is unknown or repeated (the 400 is then sent). */
    static Optional<QueryParameters> of(RoutingContext ctx, Set<String> known) {
        MultiMap parameters = ctx.queryParams();
        for (String name : parameters.names()) {
            if (!known.contains(name)) {
                refuse(ctx, "Unknown parameter", name, "no such parameter; known: " + String.join(", ", known.stream()
                        .sorted().toList()));
                return Optional.empty();
            }
            if (parameters.getAll(name).size() > 1) {
                refuse(ctx, "Duplicate parameter", name, "given more than once");
                return Optional.empty();
            }
        }
        return Optional.of(new QueryParameters(parameters));
    }

    Optional<String> get(String name) {
        List<String> values = parameters.getAll(name);
        return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * A whole number within bounds, written plainly ({@code 007} and {@code +7} are not); empty when absent. When
     * refused, the 400 is sent and the answer is empty too: the caller checks {@link #refused}.
     */
    Optional<Long> number(RoutingContext ctx, String name, long min, long max) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value >= min && value <= max && raw.get().equals(Long.toString(value))) {
                return Optional.of(value);
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        refuse(ctx, "Invalid " + name, name, "expected a whole number from " + min + " to " + max);
        return Optional.empty();
    }

    /** Whether a parameter was refused (its 400 is sent). */
    static boolean refused(RoutingContext ctx) {
        return ctx.response().ended();
    }

    static void refuse(RoutingContext ctx, String error, String parameter, String reason) {
        Responses.json(ctx, 400, Responses.error(error).put("parameter", parameter).put("reason", reason));
    }
}
