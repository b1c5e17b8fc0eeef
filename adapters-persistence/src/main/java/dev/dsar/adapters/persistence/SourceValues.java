package dev.dsar.adapters.persistence;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Interval;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns what the PostgreSQL client decoded into the plain values a {@link dev.dsar.application.port.out.RowBatch}
 * carries: timestamps (with or without time zone) at offset UTC, numerics as {@link BigDecimal} ({@code NaN}
 * as a string), {@code bytea} as bytes, {@code json}/{@code jsonb} as maps and lists, arrays as lists, intervals
 * as ISO-8601 durations, anything else the client only knows as text as its string form.
 */
final class SourceValues {

    private SourceValues() {
    }

    static Object plain(Object value) {
        if (value == null || value == Tuple.JSON_NULL) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Double || value instanceof Float
                || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof OffsetDateTime time) {
            return time.getOffset().equals(ZoneOffset.UTC) ? time : time.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime time) {
            // timestamp without time zone: read as UTC, the service's convention (docs/exports.md)
            return time.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof TemporalAccessor) {
            return value;
        }
        if (value instanceof Numeric numeric) {
            BigDecimal decimal = numeric.bigDecimalValue();
            return decimal == null ? numeric.toString() : decimal;
        }
        if (value instanceof Buffer bytes) {
            return bytes.getBytes();
        }
        if (value instanceof JsonObject || value instanceof JsonArray || value instanceof Map || value instanceof List) {
            return json(value);
        }
        if (value instanceof Interval interval) {
            return iso(interval);
        }
        if (value instanceof UUID) {
            return value.toString();
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> elements = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                elements.add(plain(Array.get(value, i)));
            }
            return elements;
        }
        return value.toString();
    }

    /**
     * JSON as decoded by the client ({@code json} columns; {@code jsonb} ones arrive as text): maps and lists
     * that the client builds plain, below a JsonObject or JsonArray.
     */
    private static Object json(Object value) {
        if (value instanceof JsonObject object) {
            return object.getMap();
        }
        if (value instanceof JsonArray array) {
            return array.getList();
        }
        return value;
    }

    /** {@code P1Y2M3DT4H5M6.000007S}; PostgreSQL keeps months, days and time apart, and so does this form. */
    static String iso(Interval interval) {
        StringBuilder iso = new StringBuilder("P");
        if (interval.getYears() != 0) {
            iso.append(interval.getYears()).append('Y');
        }
        if (interval.getMonths() != 0) {
            iso.append(interval.getMonths()).append('M');
        }
        if (interval.getDays() != 0) {
            iso.append(interval.getDays()).append('D');
        }
        long micros = interval.getHours() * 3_600_000_000L + interval.getMinutes() * 60_000_000L
                + interval.getSeconds() * 1_000_000L + interval.getMicroseconds();
        if (micros != 0) {
            String sign = micros < 0 ? "-" : "";
            long abs = Math.abs(micros);
            iso.append('T');
            long hours = abs / 3_600_000_000L;
            long minutes = abs / 60_000_000L % 60;
            long seconds = abs / 1_000_000L % 60;
            long fraction = abs % 1_000_000L;
            if (hours != 0) {
                iso.append(sign).append(hours).append('H');
            }
            if (minutes != 0) {
                iso.append(sign).append(minutes).append('M');
            }
            if (seconds != 0 || fraction != 0) {
                iso.append(sign).append(seconds);
                if (fraction != 0) {
                    iso.append('.').append(String.format("%06d", fraction).replaceAll("0+$", ""));
                }
                iso.append('S');
            }
        }
        return iso.length() == 1 ? "PT0S" : iso.toString();
    }
}
