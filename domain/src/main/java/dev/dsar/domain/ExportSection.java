package dev.dsar.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One part of an export: a named query collecting one kind of a user's data, written as {@code {name}.json}.
 * A {@code single} section holds at most one row (written as an object, or {@code null} when there is none);
 * the others hold an array of rows. {@code redact} names columns whose values are replaced by
 * {@link #REDACTED}. The query is one SQL statement whose only parameter is {@link #USER_ID_PARAMETER}.
 * {@code key} optionally names a column of the result that is unique and never null: the rows are then read
 * page by page in the order of that key, each page in its own short statement (docs/adr/0006).
 */
public record ExportSection(String name, String query, boolean single, List<String> redact,
                            Optional<String> description, Optional<String> key) {

    public static final String USER_ID_PARAMETER = "#{userId}";
    public static final String REDACTED = "[REDACTED]";
    public static final int MAX_NAME_LENGTH = 64;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    /** What SqlTemplate-style templates take for a parameter: any {@code #{identifier}}. */
    private static final Pattern PARAMETER = Pattern.compile("#\\{([^}]*)}");
    /** Names of the package's own files, which a section file would overwrite. */
    private static final Set<String> RESERVED = Set.of("meta", "dsar_request", "index");

    public ExportSection {
        if (name == null || !NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("section " + shown(name) + ": the name must be 1 to " + MAX_NAME_LENGTH
                    + " characters among a-z, 0-9 and _");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("section '" + name + "': the name is reserved for the package's own "
                    + "files (" + String.join(", ", RESERVED.stream().sorted().toList()) + ")");
        }
        String where = "section '" + name + "': ";
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException(where + "the query is missing");
        }
        query = withoutTrailingSemicolon(query.strip());
        checkParameters(where, query);
        if (SqlStatements.count(query) > 1) {
            throw new IllegalArgumentException(where + "the query holds more than one statement");
        }
        redact = redact == null ? List.of() : List.copyOf(redact);
        Set<String> seen = new HashSet<>();
        for (String column : redact) {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException(where + "a redacted column name is empty");
            }
            if (!seen.add(column)) {
                throw new IllegalArgumentException(where + "column '" + column + "' is redacted twice");
            }
        }
        description = description == null ? Optional.empty() : description.map(String::strip).filter(d -> !d.isEmpty());
        key = key == null ? Optional.empty() : key;
        if (key.isPresent() && (key.get().isBlank() || key.get().indexOf('\0') >= 0)) {
            throw new IllegalArgumentException(where + "the key must name a column");
        }
    }

    /** A section read in one go (no key). */
    public ExportSection(String name, String query, boolean single, List<String> redact, Optional<String> description) {
        this(name, query, single, redact, description, Optional.empty());
    }

    public static ExportSection of(String name, String query) {
        return new ExportSection(name, query, false, List.of(), Optional.empty());
    }

    public boolean isRedacted(String column) {
        return redact.contains(column);
    }

    /** The file holding this section inside the package's root folder. */
    public String fileName() {
        return name + ".json";
    }

    private static void checkParameters(String where, String query) {
        Matcher parameters = PARAMETER.matcher(query);
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

    private static String withoutTrailingSemicolon(String query) {
        String trimmed = query;
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        return trimmed;
    }

    private static String shown(String name) {
        if (name == null) {
            return "without a name";
        }
        String printable = name.replaceAll("[^\\p{Graph} ]", "?");
        return "'" + (printable.length() > 80 ? printable.substring(0, 80) + "…" : printable) + "'";
    }
}
