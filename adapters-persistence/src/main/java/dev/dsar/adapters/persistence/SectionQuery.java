package dev.dsar.adapters.persistence;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL a section's rows come from, as the sections file gives it: one statement whose only parameter is
 * {@link #USER_ID_PARAMETER}, bound as a {@code bigint} and never pasted into the text. Only what the file's
 * contract requires is checked here (the parameter, a single statement); whether the SQL is valid on the source
 * database is PostgreSQL's to say, at start-up ({@link PersonalDataPostgresAdapter#describe}).
 */
public record SectionQuery(String section, String sql) {

    public static final String USER_ID_PARAMETER = "#{userId}";

    /** What SqlTemplate-style templates take for a parameter: any {@code #{identifier}}. */
    private static final Pattern PARAMETER = Pattern.compile("#\\{([^}]*)}");

    public SectionQuery {
        String where = "section '" + section + "': ";
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException(where + "the query is missing");
        }
        sql = withoutTrailingSemicolon(sql.strip());
        checkParameters(where, sql);
        if (SqlStatements.count(sql) > 1) {
            throw new IllegalArgumentException(where + "the query holds more than one statement");
        }
    }

    /**
     * The user id is always a {@code bigint} parameter, whatever the query compares it with: PostgreSQL would
     * otherwise infer a type from the context (text, say) that the client cannot bind a number to. A query
     * comparing it with a text column casts it ({@code #{userId}::text}).
     */
    String typed() {
        return sql.replace(USER_ID_PARAMETER, "CAST(" + USER_ID_PARAMETER + " AS bigint)");
    }

    /** The typed query with the user id as {@code $1}, for a statement prepared without a template. */
    String positional() {
        return typed().replace(USER_ID_PARAMETER, "$1");
    }

    private static void checkParameters(String where, String sql) {
        Matcher parameters = PARAMETER.matcher(sql);
        boolean userId = false;
        while (parameters.find()) {
            if (!parameters.group().equals(USER_ID_PARAMETER)) {
                throw new IllegalArgumentException(where + "unknown parameter " + parameters.group()
                        + "; the only parameter is " + USER_ID_PARAMETER);
            }
            userId = true;
        }
        if (!userId) {
            throw new IllegalArgumentException(where + "the query does not use " + USER_ID_PARAMETER
                    + ", so it cannot be limited to one user's data");
        }
    }

    private static String withoutTrailingSemicolon(String sql) {
        String trimmed = sql;
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        return trimmed;
    }
}
