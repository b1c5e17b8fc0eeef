package dev.dsar.adapters.http;

/**
 * One {@code Range: bytes=…} request over a file of {@code size} bytes (RFC 9110 §14). Only a single range is
 * honoured; several ranges, another unit or a malformed header are ignored and the whole file is sent, as the
 * RFC allows.
 */
sealed interface ByteRange {

    /** No usable range: send the whole file with 200. */
    record Whole() implements ByteRange {
    }

    /** Send bytes {@code first..last} (inclusive) with 206. */
    record Part(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }

        String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** A well-formed range that lies outside the file: 416. */
    record Unsatisfiable() implements ByteRange {
    }

    static ByteRange parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        String spec = value.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        Long first = digits(from);
        Long last = digits(to);
        if (from.isEmpty()) {
            // suffix: the last N bytes
            if (last == null) {
                return new Whole();
            }
            if (last == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, size - last), size - 1);
        }
        if (first == null || (!to.isEmpty() && (last == null || last < first))) {
            return new Whole();
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        long end = to.isEmpty() ? size - 1 : Math.min(last, size - 1);
        return new Part(first, end);
    }

    /** A non-negative decimal that fits a long, or null. */
    private static Long digits(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(text);
    }
}
