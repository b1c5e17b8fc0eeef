package dev.dsar.adapters.filesystem;

/**
 * Text made safe for an HTML page: markup characters escaped (element content and quoted attributes alike),
 * characters HTML forbids (C0 and C1 controls other than tab, line feed and carriage return; unpaired surrogates)
 * replaced by U+FFFD, and text longer than a limit cut with a note. Direction marks are kept, as they are part of
 * the data; callers wrap each value in {@code <bdi>} so that they cannot reorder the text around it.
 */
final class Html {

    static final char REPLACEMENT = '\uFFFD';

    private Html() {
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        append(escaped, text, Integer.MAX_VALUE);
        return escaped.toString();
    }

    /** Appends at most {@code limit} characters of {@code text}, escaped, and says how many more there are. */
    static void append(StringBuilder out, String text, int limit) {
        int end = Math.min(text.length(), limit);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(c);
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        out.append(REPLACEMENT);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                            out.append(c).append(text.charAt(++i));
                        } else {
                            out.append(REPLACEMENT);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        out.append(REPLACEMENT);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (end < text.length()) {
            out.append("<span class=\"more\">\u2026 (").append(text.length() - end)
                    .append(" more characters in the file)</span>");
        }
    }
}
