package dev.dsar.adapters.filesystem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dsar.application.port.out.JsonText;
import dev.dsar.application.port.out.RowBatch;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;

/**
 * One array section as CSV (RFC 4180): UTF-8 without byte order mark, CRLF line ends, a header row of column
 * names, a field quoted when it holds a comma, a quote or a line end. Values read as in the JSON file: times
 * ISO-8601 UTC, binary as base64, JSON documents and nested values as JSON text, empty values as empty fields.
 * A text starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading
 * apostrophe so that a spreadsheet does not run it as a formula (OWASP, CSV injection). Writes to any stream.
 */
final class CsvRows {

    private final Writer out;
    private final JsonFactory json;
    private boolean header;

    CsvRows(OutputStream out, JsonFactory json) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), ZipPackageWriter.BUFFER);
        this.json = json;
    }

    void write(RowBatch batch) throws IOException {
        if (!header) {
            writeHeader(batch);
        }
        for (Object[] row : batch.rows()) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                field(text(row[i]));
            }
            out.write("\r\n");
        }
    }

    private void writeHeader(RowBatch batch) throws IOException {
        header = true;
        for (int i = 0; i < batch.columns().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            field(guarded(batch.columns().get(i)));
        }
        out.write("\r\n");
    }

    /** Flushes what is buffered; leaves the stream open. */
    void finish() throws IOException {
        out.flush();
    }

    private void field(String text) throws IOException {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.write(text);
            return;
        }
        out.write('"');
        out.write(text.replace("\"", "\"\""));
        out.write('"');
    }

    String text(Object value) throws IOException {
        if (value == null) {
            return "";
        } else if (value instanceof String text) {
            return guarded(text);
        } else if (value instanceof Number number) {
            return number instanceof BigDecimal decimal ? decimal.toPlainString() : number.toString();
        } else if (value instanceof Boolean bool) {
            return bool.toString();
        } else if (value instanceof OffsetDateTime time) {
            return Iso.utc(time);
        } else if (value instanceof Instant instant) {
            return Iso.instant(instant);
        } else if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        } else if (value instanceof JsonText document) {
            return document.json();
        } else if (value instanceof Map<?, ?> || value instanceof Iterable<?> || value instanceof Object[]) {
            StringWriter text = new StringWriter();
            try (JsonGenerator generator = json.createGenerator(text)) {
                RowJson.writeValue(generator, value);
            }
            return text.toString();
        } else {
            return guarded(value.toString());
        }
    }

    static String guarded(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : text;
    }
}
