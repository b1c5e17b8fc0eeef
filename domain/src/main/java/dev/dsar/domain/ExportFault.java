package dev.dsar.domain;

/**
 * Why an export attempt failed, as an operator may read it: one line, no personal data, no stack trace.
 * A transient fault (database unreachable, disk full) may pass, so the export is tried again; a permanent one
 * (a broken section query) would fail the same way every time.
 */
public final class ExportFault extends RuntimeException {

    private final boolean permanent;

    private ExportFault(String message, boolean permanent) {
        // No cause and no stack trace: the underlying error may carry data, and this message is what is shown.
        super(message, null, false, false);
        this.permanent = permanent;
    }

    public static ExportFault permanent(String message) {
        return new ExportFault(message, true);
    }

    public static ExportFault transientFault(String message) {
        return new ExportFault(message, false);
    }

    public boolean isPermanent() {
        return permanent;
    }
}
