package dev.dsar.application.port.out;

import java.util.List;
import java.util.Objects;

/**
 * Consecutive rows of one section, in the order the query returned them, with its column names (in query
 * order; the same for every batch of a section). A value is one of: {@code null}, {@link String},
 * {@link Boolean}, an integral {@link Number} ({@link Integer}, {@link Long}, {@link Short},
 * {@link java.math.BigInteger}), {@link java.math.BigDecimal}, {@link Double}/{@link Float} (possibly not
 * finite), {@link java.time.OffsetDateTime} at offset UTC or {@link java.time.Instant} (timestamps, with and
 * without time zone), another {@link java.time.temporal.TemporalAccessor} (dates, times),
 * {@code byte[]} (binary), {@link JsonText} (a JSON document as the source wrote it), a {@link java.util.Map}
 * with {@link String} keys or a {@link List} (JSON and arrays, nested with the same kinds of values). Anything
 * else is shown as its string form.
 *
 * <p>Rows are arrays so that redaction can replace values in place before the batch is written.
 */
public record RowBatch(List<String> columns, List<Object[]> rows) {

    public RowBatch {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(rows, "rows");
    }

    public int size() {
        return rows.size();
    }
}
