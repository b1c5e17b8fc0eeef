package dev.dsar.adapters.persistence;

import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportSection;
import io.vertx.pgclient.PgException;
import java.util.Map;
import java.util.Set;

/**
 * What an operator reads when a section's query fails: the SQLSTATE and its condition name, and PostgreSQL's
 * message only for errors that name SQL objects (syntax, undefined or forbidden objects, read-only
 * violations), never for data errors, whose messages may quote the user's values.
 */
final class SourceFaults {

    /** Classes that another attempt would hit again: the query or its data is at fault, not the database. */
    private static final Set<String> PERMANENT_CLASSES = Set.of(
            "0A", "21", "22", "23", "24", "25", "26", "27", "2F", "34", "38", "39", "3F", "42", "44", "P0");
    /** Classes whose messages hold identifiers and statement text, not values. */
    private static final Set<String> MESSAGE_SHOWN_CLASSES = Set.of("0A", "25", "42", "3F", "34");

    private static final Map<String, String> CONDITIONS = Map.ofEntries(
            Map.entry("0A000", "feature_not_supported"),
            Map.entry("21000", "cardinality_violation"),
            Map.entry("22003", "numeric_value_out_of_range"),
            Map.entry("22012", "division_by_zero"),
            Map.entry("22P02", "invalid_text_representation"),
            Map.entry("25006", "read_only_sql_transaction"),
            Map.entry("28000", "invalid_authorization_specification"),
            Map.entry("28P01", "invalid_password"),
            Map.entry("3D000", "invalid_catalog_name"),
            Map.entry("3F000", "invalid_schema_name"),
            Map.entry("40001", "serialization_failure"),
            Map.entry("40P01", "deadlock_detected"),
            Map.entry("42501", "insufficient_privilege"),
            Map.entry("42601", "syntax_error"),
            Map.entry("42702", "ambiguous_column"),
            Map.entry("42703", "undefined_column"),
            Map.entry("42804", "datatype_mismatch"),
            Map.entry("42883", "undefined_function"),
            Map.entry("42P01", "undefined_table"),
            Map.entry("42P18", "indeterminate_datatype"),
            Map.entry("53100", "disk_full"),
            Map.entry("53200", "out_of_memory"),
            Map.entry("53300", "too_many_connections"),
            Map.entry("55P03", "lock_not_available"),
            Map.entry("57014", "query_canceled"),
            Map.entry("57P01", "admin_shutdown"),
            Map.entry("57P03", "cannot_connect_now"),
            Map.entry("58030", "io_error"),
            Map.entry("XX000", "internal_error"));

    private SourceFaults() {
    }

    static ExportFault of(ExportSection section, Throwable failure) {
        if (failure instanceof ExportFault fault) {
            return fault;
        }
        String where = "section '" + section.name() + "': ";
        if (failure instanceof DatabaseUnavailable unavailable) {
            return ExportFault.transientFault(where + unavailable.getMessage());
        }
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            String sqlClass = state.length() >= 2 ? state.substring(0, 2) : state;
            StringBuilder message = new StringBuilder(where).append("query failed with SQLSTATE ").append(state);
            String condition = CONDITIONS.get(state);
            if (condition != null) {
                message.append(" (").append(condition).append(')');
            }
            if (MESSAGE_SHOWN_CLASSES.contains(sqlClass) && pg.getErrorMessage() != null) {
                message.append(": ").append(pg.getErrorMessage());
            }
            return PERMANENT_CLASSES.contains(sqlClass)
                    ? ExportFault.permanent(message.toString())
                    : ExportFault.transientFault(message.toString());
        }
        // Connection refused, closed or timed out: the database may be back for the next attempt.
        return ExportFault.transientFault(where + "source database unavailable (" + failure.getClass().getSimpleName() + ")");
    }
}
