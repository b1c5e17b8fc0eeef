package dev.dsar.domain;

import java.util.regex.Pattern;

/** Text for operators (an error stored on a row, a cleanup run's error): one line, bounded, never half a character. */
public final class OperatorText {

    private static final Pattern ANY_SPACE = Pattern.compile("[\\s\\u0085\\u2028\\u2029]+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private OperatorText() {
    }

    /**
     * {@code text} on one line of at most {@code maxLength} characters, cut with an ellipsis if longer, without
     * splitting a surrogate pair; {@code fallback} when it is null or blank.
     */
    public static String oneLine(String text, String fallback, int maxLength) {
        String oneLine = ANY_SPACE.matcher(text == null || text.isBlank() ? fallback : text).replaceAll(" ").trim();
        if (oneLine.length() <= maxLength) {
            return oneLine;
        }
        int cut = maxLength - 1;
        if (Character.isHighSurrogate(oneLine.charAt(cut - 1))) {
            cut--;
        }
        return oneLine.substring(0, cut) + "…";
    }
}
