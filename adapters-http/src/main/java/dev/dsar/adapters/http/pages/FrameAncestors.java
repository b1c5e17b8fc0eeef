package dev.dsar.adapters.http.pages;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may show the pages in a frame: the {@code frame-ancestors} sources of the pages' Content-Security-Policy
 * ({@code 'none'} by default, so that no other site can frame them and trick a click). A value is a list of
 * sources separated by spaces: {@code 'none'} alone, {@code 'self'}, or origins such as
 * {@code https://intranet.example.com} or {@code https://*.example.com}; anything that could end the directive
 * or open another one is refused.
 */
public record FrameAncestors(List<String> sources) {

    public static final FrameAncestors NONE = new FrameAncestors(List.of("'none'"));

    private static final Pattern ORIGIN = Pattern.compile(
            "(?:[a-z][a-z0-9+.-]*:)|(?:(?:[a-z][a-z0-9+.-]*://)?(?:\\*\\.)?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*"
                    + "(?::(?:[0-9]{1,5}|\\*))?)");

    public FrameAncestors {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source given: use 'none', 'self' or origins such as "
                    + "https://intranet.example.com");
        }
        for (String source : sources) {
            if (source.equals("'none'") && sources.size() > 1) {
                throw new IllegalArgumentException("'none' cannot be combined with other sources");
            }
            if (source.equalsIgnoreCase("none") || source.equalsIgnoreCase("self")) {
                throw new IllegalArgumentException(source + " needs its single quotes: '" + source + "'");
            }
            if (!source.equals("'none'") && !source.equals("'self'") && !ORIGIN.matcher(source).matches()) {
                throw new IllegalArgumentException("'" + source + "' is not a source: use 'none', 'self' or "
                        + "origins such as https://intranet.example.com");
            }
        }
    }

    /** Sources separated by spaces, as in the directive itself. */
    public static FrameAncestors parse(String value) {
        String trimmed = value.trim();
        return new FrameAncestors(trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+")));
    }

    String directive() {
        return "frame-ancestors " + String.join(" ", sources);
    }
}
