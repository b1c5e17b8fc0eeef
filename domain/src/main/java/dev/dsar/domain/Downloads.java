package dev.dsar.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The complete downloads of one export over a period, as the audit trail records them: one {@code downloaded}
 * event per export and period, by the data subject who owns it, at the last download, with the number of
 * downloads and the first and last time (docs/http-api.md, download receipts).
 */
public record Downloads(ReferenceId reference, UserId owner, long count, Instant first, Instant last) {

    public Downloads {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (count < 1 || last.isBefore(first)) {
            throw new IllegalArgumentException("at least one download, the last not before the first");
        }
    }

    /** One complete download. */
    public static Downloads one(ReferenceId reference, UserId owner, Instant at) {
        return new Downloads(reference, owner, 1, at, at);
    }

    /** Both periods' downloads of the same export together, whichever order they were counted in. */
    public Downloads plus(Downloads other) {
        if (!reference.equals(other.reference)) {
            throw new IllegalArgumentException("downloads of " + other.reference + " are not downloads of " + reference);
        }
        return new Downloads(reference, owner, count + other.count,
                first.isBefore(other.first) ? first : other.first, last.isAfter(other.last) ? last : other.last);
    }

    /** The audit trail's record of these downloads: the owner downloaded, at the last download. */
    public AuditEvent auditEvent() {
        return new AuditEvent(reference, owner, AuditAction.DOWNLOADED, Actor.subject(owner), last,
                Map.of("downloads", count, "first_at", first.toString(), "last_at", last.toString()));
    }
}
