package dev.dsar.adapters.persistence;

/**
 * Counts the statements of a SQL text the way PostgreSQL splits them: semicolons inside string literals,
 * quoted identifiers, dollar-quoted bodies and comments do not end a statement. Cheap and conservative: it
 * only serves to refuse a sections file that tries to run several statements in one query.
 */
final class SqlStatements {

    private SqlStatements() {
    }

    /** Statements holding something other than blanks and comments. */
    static int count(String sql) {
        int statements = 0;
        boolean content = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = endOfLine(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = endOfBlockComment(sql, i);
            } else if (c == ';') {
                if (content) {
                    statements++;
                }
                content = false;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                content = true;
                if (c == '\'') {
                    boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                    i = endOfQuoted(sql, i, '\'', escapes);
                } else if (c == '"') {
                    i = endOfQuoted(sql, i, '"', false);
                } else if (c == '$') {
                    i = endOfDollarQuoted(sql, i);
                } else {
                    i++;
                }
            }
        }
        return content ? statements + 1 : statements;
    }

    private static int endOfLine(String sql, int from) {
        int end = sql.indexOf('\n', from);
        return end < 0 ? sql.length() : end + 1;
    }

    /** Block comments nest in PostgreSQL. */
    private static int endOfBlockComment(String sql, int from) {
        int depth = 0;
        int i = from;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** A doubled quote stands for itself; with escapes (E'…') so does a backslashed character. */
    private static int endOfQuoted(String sql, int from, char quote, boolean escapes) {
        int i = from + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** {@code $tag$ … $tag$}; a {@code $} that does not open a tag ({@code $1}) is an ordinary character. */
    private static int endOfDollarQuoted(String sql, int from) {
        int tagEnd = from + 1;
        while (tagEnd < sql.length()
                && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
            tagEnd++;
        }
        if (tagEnd >= sql.length() || sql.charAt(tagEnd) != '$' || Character.isDigit(sql.charAt(from + 1))) {
            return from + 1;
        }
        String tag = sql.substring(from, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        return close < 0 ? sql.length() : close + tag.length();
    }
}
