package dev.dsar.adapters.filesystem;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 UTC for every time the package shows: {@code 2026-03-01T10:00:00Z}, with as many fraction digits
 * (3, 6 or 9) as the time needs, as {@link DateTimeFormatter#ISO_INSTANT} writes it. Timestamps of rows are
 * formatted by hand: there are millions of them, and the formatter is the slow part of writing one.
 */
final class Iso {

    private Iso() {
    }

    static String instant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static String utc(OffsetDateTime time) {
        char[] text = new char[MAX_LENGTH];
        int length = utc(time, text);
        return length < 0 ? instant(time.toInstant()) : new String(text, 0, length);
    }

    static final int MAX_LENGTH = 30;

    /** Writes the time into {@code text} and returns its length; -1 for years outside 0000-9999. */
    static int utc(OffsetDateTime time, char[] text) {
        LocalDateTime local = time.getOffset().equals(ZoneOffset.UTC)
                ? time.toLocalDateTime()
                : time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        int year = local.getYear();
        if (year < 0 || year > 9999) {
            return -1;
        }
        int at = 0;
        at = digits(text, at, year, 4);
        text[at++] = '-';
        at = digits(text, at, local.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, local.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, local.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, local.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, local.getSecond(), 2);
        int nanos = local.getNano();
        if (nanos != 0) {
            text[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = digits(text, at, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at = digits(text, at, nanos / 1_000, 6);
            } else {
                at = digits(text, at, nanos, 9);
            }
        }
        text[at++] = 'Z';
        return at;
    }

    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
