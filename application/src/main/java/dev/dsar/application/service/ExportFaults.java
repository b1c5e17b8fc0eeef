package dev.dsar.application.service;

import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ReferenceId;
import java.lang.System.Logger.Level;

/** How an export's faults are classified and shown in the log: never by a message that may quote data. */
final class ExportFaults {

    private static final System.Logger LOG = System.getLogger(GenerateExportService.class.getName());

    private ExportFaults() {
    }

    /** The fault as an {@link ExportFault}: anything unforeseen is transient and named by its kind only. */
    static ExportFault classify(ReferenceId reference, Throwable fault) {
        if (fault instanceof ExportFault exportFault) {
            return exportFault;
        }
        if (fault instanceof DatabaseUnavailable unavailable) {
            // Expected in an outage, and its message names only the database and the kind of failure.
            return ExportFault.transientFault(unavailable.getMessage());
        }
        LOG.log(Level.ERROR, "export " + reference + ": unexpected fault", withoutMessage(fault));
        return ExportFault.transientFault("unexpected error (" + fault.getClass().getSimpleName() + ")");
    }

    /** The fault's kind and stack for the log, not its message, which may quote data. */
    static Throwable withoutMessage(Throwable fault) {
        RuntimeException shown = new RuntimeException(fault.getClass().getName());
        shown.setStackTrace(fault.getStackTrace());
        return shown;
    }

    static String describe(Throwable fault) {
        return fault instanceof ExportFault || fault instanceof DatabaseUnavailable ? fault.getMessage()
                : fault.getClass().getSimpleName();
    }
}
