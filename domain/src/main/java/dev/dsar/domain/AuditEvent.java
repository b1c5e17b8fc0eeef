package dev.dsar.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the audit trail: what happened to which request, who or what did it, and when. {@code details}
 * hold operational facts only (sizes, counts, error classes), never personal data.
 */
public record AuditEvent(ReferenceId reference, UserId userId, AuditAction action, Actor actor, Instant at,
                         Map<String, Object> details) {

    public AuditEvent {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static AuditEvent of(DsarRequest request, AuditAction action, Actor actor, Instant at) {
        return new AuditEvent(request.reference(), request.userId(), action, actor, at, Map.of());
    }

    public static AuditEvent of(DsarRequest request, AuditAction action, Actor actor, Instant at,
                                Map<String, Object> details) {
        return new AuditEvent(request.reference(), request.userId(), action, actor, at, details);
    }
}
