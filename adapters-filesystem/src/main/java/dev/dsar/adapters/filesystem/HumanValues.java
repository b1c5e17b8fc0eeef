package dev.dsar.adapters.filesystem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dsar.application.port.out.JsonText;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * One value of a row as a person reads it in {@code index.html}, as escaped HTML: dates and times in UTC
 * without fractions of a second ({@code 1 March 2026, 10:00:00}), JSON documents and nested values as nested
 * lists, empty values as an em dash, binary values by their size. Every text goes through {@link Html}; long
 * texts and large documents are cut with a note pointing to the file, so that one value cannot make the page
 * (or the heap) large.
 */
final class HumanValues {

    static final int TEXT_LIMIT = 500;
    static final int NODE_LIMIT = 100;
    static final int DEPTH_LIMIT = 16;
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm:ss", Locale.ENGLISH);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private final JsonFactory json;

    HumanValues(JsonFactory json) {
        this.json = json;
    }

    String cell(Object value) {
        StringBuilder out = new StringBuilder(32);
        append(out, value, new int[] {0}, 0);
        return out.toString();
    }

    private void append(StringBuilder out, Object value, int[] nodes, int depth) {
        if (++nodes[0] > NODE_LIMIT || depth > DEPTH_LIMIT) {
            if (nodes[0] == NODE_LIMIT + 1 || depth > DEPTH_LIMIT) {
                out.append("<span class=\"more\">\u2026 (the rest is in the file)</span>");
            }
            return;
        }
        if (value == null) {
            out.append("<span class=\"none\" title=\"no value\">\u2014</span>");
        } else if (value instanceof String text) {
            out.append("<bdi>");
            Html.append(out, text, TEXT_LIMIT);
            out.append("</bdi>");
        } else if (value instanceof OffsetDateTime time) {
            out.append(DATE_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC)));
        } else if (value instanceof Instant instant) {
            out.append(DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)));
        } else if (value instanceof ZonedDateTime time) {
            out.append(DATE_TIME.format(time.withZoneSameInstant(ZoneOffset.UTC)));
        } else if (value instanceof LocalDateTime time) {
            out.append(DATE_TIME.format(time));
        } else if (value instanceof LocalDate date) {
            out.append(DATE.format(date));
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toPlainString());
        } else if (value instanceof Boolean bool) {
            out.append(bool ? "yes" : "no");
        } else if (value instanceof byte[] bytes) {
            out.append("binary data, ").append(bytes.length).append(" bytes (base64 in the file)");
        } else if (value instanceof JsonText document) {
            appendJson(out, document.json(), nodes, depth);
        } else if (value instanceof Map<?, ?> map) {
            out.append("<ul class=\"nested\">");
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (cut(out, nodes)) {
                    break;
                }
                out.append("<li><span class=\"key\"><bdi>");
                Html.append(out, String.valueOf(entry.getKey()), TEXT_LIMIT);
                out.append("</bdi>:</span> ");
                append(out, entry.getValue(), nodes, depth + 1);
                out.append("</li>");
            }
            out.append("</ul>");
        } else if (value instanceof Iterable<?> list) {
            out.append("<ol class=\"nested\">");
            for (Object element : list) {
                if (cut(out, nodes)) {
                    break;
                }
                out.append("<li>");
                append(out, element, nodes, depth + 1);
                out.append("</li>");
            }
            out.append("</ol>");
        } else if (value instanceof Object[] array) {
            append(out, java.util.Arrays.asList(array), nodes, depth);
        } else {
            out.append("<bdi>");
            Html.append(out, value.toString(), TEXT_LIMIT);
            out.append("</bdi>");
        }
    }

    /** Whether the values shown of this cell reached the limit; the first time, says so as a last list item. */
    private static boolean cut(StringBuilder out, int[] nodes) {
        if (nodes[0] < NODE_LIMIT) {
            return false;
        }
        if (nodes[0] == NODE_LIMIT) {
            nodes[0]++;
            out.append("<li><span class=\"more\">\u2026 (the rest is in the file)</span></li>");
        }
        return true;
    }

    /** A JSON document as nested lists, read token by token: never more than {@link #NODE_LIMIT} values. */
    private void appendJson(StringBuilder out, String text, int[] nodes, int depth) {
        int mark = out.length();
        try (JsonParser parser = json.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                out.append("<span class=\"none\">\u2014</span>");
                return;
            }
            appendJsonValue(out, parser, token, nodes, depth);
        } catch (IOException | RuntimeException unreadable) {
            // Not JSON after all: what was rendered of it is dropped (no list left open), and the text shown.
            out.setLength(mark);
            out.append("<code><bdi>");
            Html.append(out, text, TEXT_LIMIT);
            out.append("</bdi></code>");
        }
    }

    private void appendJsonValue(StringBuilder out, JsonParser parser, JsonToken token, int[] nodes, int depth)
            throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            boolean object = token == JsonToken.START_OBJECT;
            if (++nodes[0] > NODE_LIMIT || depth > DEPTH_LIMIT) {
                out.append("<span class=\"more\">\u2026 (the rest is in the file)</span>");
                parser.skipChildren();
                return;
            }
            out.append(object ? "<ul class=\"nested\">" : "<ol class=\"nested\">");
            JsonToken next;
            boolean cut = false;
            while ((next = parser.nextToken()) != JsonToken.END_OBJECT && next != JsonToken.END_ARRAY) {
                String key = object ? parser.currentName() : null;
                if (object) {
                    next = parser.nextToken();
                }
                if (cut || cut(out, nodes)) {
                    // The rest is read past, not shown: one note for all of it.
                    cut = true;
                    parser.skipChildren();
                    continue;
                }
                out.append("<li>");
                if (key != null) {
                    out.append("<span class=\"key\"><bdi>");
                    Html.append(out, key, TEXT_LIMIT);
                    out.append("</bdi>:</span> ");
                }
                appendJsonValue(out, parser, next, nodes, depth + 1);
                out.append("</li>");
            }
            out.append(object ? "</ul>" : "</ol>");
        } else if (token == JsonToken.VALUE_NULL) {
            append(out, null, nodes, depth);
        } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            append(out, token == JsonToken.VALUE_TRUE, nodes, depth);
        } else if (token == JsonToken.VALUE_STRING) {
            append(out, parser.getText(), nodes, depth);
        } else {
            // Numbers as written.
            append(out, parser.getText(), nodes, depth);
        }
    }
}
