package dev.dsar.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns of a section's rows the export replaces with {@link ExportSection#REDACTED}, checked against the
 * columns the source actually returned. A redacted column the query does not return, or a column name returned
 * twice, is a permanent fault: either could let a value meant to be hidden reach the package under another name.
 */
public final class Redaction {

    private final int[] indexes;

    private Redaction(int[] indexes) {
        this.indexes = indexes;
    }

    /** The redaction of {@code section}'s rows, whose columns are {@code columns} in this order. */
    public static Redaction of(ExportSection section, List<String> columns) {
        return of(section.name(), section.redact(), columns);
    }

    /** @throws ExportFault (permanent) when the columns cannot be redacted safely */
    public static Redaction of(String section, List<String> redacted, List<String> columns) {
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (!seen.add(column)) {
                throw ExportFault.permanent("section '" + section + "': the query returns column '"
                        + column + "' twice; give its columns distinct names (AS ...)");
            }
        }
        for (String column : redacted) {
            if (!seen.contains(column)) {
                throw ExportFault.permanent("section '" + section + "': redacted column '" + column
                        + "' is not among the query's columns (" + String.join(", ", columns) + ")");
            }
        }
        int[] indexes = new int[redacted.size()];
        int next = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (redacted.contains(columns.get(i))) {
                indexes[next++] = i;
            }
        }
        return new Redaction(indexes);
    }

    /** Replaces the redacted values of {@code row} in place, whatever they were (null included). */
    public void apply(Object[] row) {
        for (int column : indexes) {
            row[column] = ExportSection.REDACTED;
        }
    }
}
