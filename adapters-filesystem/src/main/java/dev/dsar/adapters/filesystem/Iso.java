package dev.dsar.adapters.filesystem;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** ISO-8601 UTC for every time the package shows. */
final class Iso {

    private Iso() {
    }

    /** {@code 2026-03-01T10:00:00Z}, with as many fraction digits (3, 6 or 9) as the instant needs. */
    static String instant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
