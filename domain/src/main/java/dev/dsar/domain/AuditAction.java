package dev.dsar.domain;

import java.util.Locale;

/** What the audit trail records. The lowercase {@link #code()} is stored. */
public enum AuditAction {
    REQUESTED,
    EXPORT_STARTED,
    EXPORT_RETRY_SCHEDULED,
    EXPORT_REQUEUED,
    EXPORT_COMPLETED,
    EXPORT_FAILED,
    DOWNLOADED,
    FILE_DELETED,
    FILE_DELETION_REFUSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
