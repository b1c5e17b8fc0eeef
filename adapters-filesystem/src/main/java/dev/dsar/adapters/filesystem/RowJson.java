package dev.dsar.adapters.filesystem;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.dsar.application.port.out.JsonText;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes row values as JSON (docs/exports.md): timestamps as ISO-8601 UTC strings, binary as base64, maps and
 * lists as nested JSON, non-finite floating point numbers as strings, anything unknown as its string form.
 */
final class RowJson {

    /** A buffer per writing thread for the millions of timestamps a large export holds. */
    private static final ThreadLocal<char[]> TIME = ThreadLocal.withInitial(() -> new char[Iso.MAX_LENGTH]);

    private RowJson() {
    }

    /** Column names, escaped once per batch rather than once per row. */
    static SerializableString[] names(List<String> columns) {
        SerializableString[] names = new SerializableString[columns.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = new SerializedString(columns.get(i));
        }
        return names;
    }

    static void writeRow(JsonGenerator json, SerializableString[] names, Object[] row) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            json.writeFieldName(names[i]);
            writeValue(json, row[i]);
        }
        json.writeEndObject();
    }

    static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof JsonText document) {
            json.writeRawValue(document.json());
        } else if (value instanceof OffsetDateTime time) {
            char[] text = TIME.get();
            int length = Iso.utc(time, text);
            if (length < 0) {
                json.writeString(Iso.instant(time.toInstant()));
            } else {
                json.writeString(text, 0, length);
            }
        } else if (value instanceof Instant instant) {
            json.writeString(Iso.instant(instant));
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof Float single) {
            // As a float: widened to a double, 0.1f would read 0.10000000149011612.
            if (Float.isFinite(single)) {
                json.writeNumber(single.floatValue());
            } else {
                json.writeString(single.toString());
            }
        } else if (value instanceof Double number) {
            if (Double.isFinite(number)) {
                json.writeNumber(number.doubleValue());
            } else {
                json.writeString(number.toString());
            }
        } else if (value instanceof BigInteger integer) {
            json.writeNumber(integer);
        } else if (value instanceof byte[] bytes) {
            json.writeBinary(bytes);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Object[] array) {
            writeValue(json, Arrays.asList(array));
        } else {
            // Dates, times, durations and whatever else the source could only give as text.
            json.writeString(value.toString());
        }
    }
}
