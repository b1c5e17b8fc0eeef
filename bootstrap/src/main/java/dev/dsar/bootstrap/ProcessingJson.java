package dev.dsar.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dsar.domain.DataController;
import dev.dsar.domain.Processing;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The parts of the sections file that say what GDPR Art. 15 requires (the controller; per section the purpose,
 * legal basis, recipients, retention, source and column labels), read strictly with Jackson into records: an
 * unknown key or a value of the wrong type is refused with a message naming the key.
 */
final class ProcessingJson {

    static final java.util.Set<String> SECTION_KEYS =
            java.util.Set.of("purpose", "legal_basis", "recipients", "retention", "source", "labels");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    record ControllerJson(@JsonProperty("name") String name, @JsonProperty("contact") String contact,
                          @JsonProperty("dpo_contact") String dpoContact,
                          @JsonProperty("supervisory_authority") String supervisoryAuthority) {
    }

    record SectionJson(@JsonProperty("purpose") String purpose, @JsonProperty("legal_basis") String legalBasis,
                       @JsonProperty("recipients") String recipients, @JsonProperty("retention") String retention,
                       @JsonProperty("source") String source, @JsonProperty("labels") LinkedHashMap<String, String> labels) {
    }

    /** What a section says beyond its query: the processing and the labels. */
    record SectionNotice(Processing processing, Map<String, String> labels) {
    }

    private ProcessingJson() {
    }

    /** {@code value}: the {@code controller} value as parsed; an {@code IllegalArgumentException} names the key. */
    static DataController controller(Object value) {
        ControllerJson json = convert(value, ControllerJson.class, "controller",
                "name, contact, dpo_contact, supervisory_authority");
        return new DataController(json.name(), Optional.ofNullable(json.contact()), Optional.ofNullable(json.dpoContact()),
                Optional.ofNullable(json.supervisoryAuthority()));
    }

    /** {@code fields}: the section's keys among {@link #SECTION_KEYS}, as parsed; {@code which} names the section. */
    static SectionNotice section(JsonObject fields, String which) {
        SectionJson json = convert(fields, SectionJson.class, which, String.join(", ",
                SECTION_KEYS.stream().sorted().toList()));
        Processing processing = new Processing(Optional.ofNullable(json.purpose()),
                Optional.ofNullable(json.legalBasis()), Optional.ofNullable(json.recipients()),
                Optional.ofNullable(json.retention()), Optional.ofNullable(json.source()));
        return new SectionNotice(processing, json.labels() == null ? Map.of() : json.labels());
    }

    private static <T> T convert(Object value, Class<T> type, String which, String allowed) {
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException(which + ": expected an object with " + allowed);
        }
        try {
            return MAPPER.readValue(object.encode(), type);
        } catch (JsonProcessingException invalid) {
            throw new IllegalArgumentException(which + ": " + describe(invalid, allowed), invalid);
        }
    }

    private static String describe(Throwable cause, String allowed) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown key '" + unknown.getPropertyName() + "' (allowed: " + allowed + ")";
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String path = mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String key = mapping.getPath().get(0).getFieldName();
            return "'" + path + "' must be " + ("labels".equals(key)
                    ? "an object of column names to labels (text)" : "text");
        }
        return "cannot be read";
    }
}
