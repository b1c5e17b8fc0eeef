package dev.dsar.domain;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One part of an export: one kind of a user's data, written as {@code {name}.json}. A {@code single} section
 * holds at most one row (written as an object, or {@code null} when there is none); the others hold an array of
 * rows. {@code redact} names columns whose values are replaced by {@link #REDACTED}. {@code key} optionally
 * names a column that is unique and never null: the rows are then read page by page in the order of that key
 * (docs/adr/0006). {@code processing} is what the law requires the controller to say about this data, and
 * {@code labels} give columns names a person reads (column to label, in the file's order). Where the rows come
 * from is the source adapter's business, not the domain's.
 */
public record ExportSection(String name, boolean single, List<String> redact, Optional<String> description,
                            Optional<String> key, Processing processing, Map<String, String> labels) {

    public static final String REDACTED = "[REDACTED]";
    public static final int MAX_NAME_LENGTH = 64;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    /** Names of the package's own files, which a section file would overwrite. */
    private static final Set<String> RESERVED = Set.of("meta", "dsar_request", "index");

    public ExportSection {
        requireValidName(name);
        String where = "section '" + name + "': ";
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
        processing = processing == null ? Processing.UNSTATED : processing;
        Map<String, String> checked = new LinkedHashMap<>();
        if (labels != null) {
            labels.forEach((column, label) -> {
                if (column == null || column.isBlank()) {
                    throw new IllegalArgumentException(where + "'labels': a column name is empty");
                }
                String text = label == null ? "" : label.strip();
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(where + "'labels': the label of column '" + column
                            + "' is empty");
                }
                checked.put(column, text);
            });
        }
        labels = java.util.Collections.unmodifiableMap(checked);
    }

    /** A section without what the law asks to be said about it (processing, labels). */
    public ExportSection(String name, boolean single, List<String> redact, Optional<String> description,
                         Optional<String> key) {
        this(name, single, redact, description, key, Processing.UNSTATED, Map.of());
    }

    /** A section read in one go (no key). */
    public ExportSection(String name, boolean single, List<String> redact, Optional<String> description) {
        this(name, single, redact, description, Optional.empty());
    }

    public static ExportSection of(String name) {
        return new ExportSection(name, false, List.of(), Optional.empty());
    }

    /**
     * Refuses a name that is not 1 to {@value #MAX_NAME_LENGTH} characters among a-z, 0-9 and _, or that a
     * package's own file uses. Public so that whoever reads a section's other parts can check its name first and
     * report problems in the order of the file's fields.
     */
    public static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("section " + shown(name) + ": the name must be 1 to " + MAX_NAME_LENGTH
                    + " characters among a-z, 0-9 and _");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("section '" + name + "': the name is reserved for the package's own "
                    + "files (" + String.join(", ", RESERVED.stream().sorted().toList()) + ")");
        }
    }

    /** The name a person reads for a column: its label, or the column's own name. */
    public String labelOf(String column) {
        return labels.getOrDefault(column, column);
    }

    public boolean isRedacted(String column) {
        return redact.contains(column);
    }

    /** The file holding this section inside the package's root folder. */
    public String fileName() {
        return name + ".json";
    }

    private static String shown(String name) {
        if (name == null) {
            return "without a name";
        }
        String printable = name.replaceAll("[^\\p{Graph} ]", "?");
        return "'" + (printable.length() > 80 ? printable.substring(0, 80) + "…" : printable) + "'";
    }
}
