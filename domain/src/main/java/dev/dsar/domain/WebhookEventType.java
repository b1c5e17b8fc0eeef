package dev.dsar.domain;

import java.util.Arrays;
import java.util.Optional;

/** What a notification tells a receiver (contract §7.4). The {@link #code()} is the event's {@code type}. */
public enum WebhookEventType {
    EXPORT_COMPLETED("export.completed"),
    EXPORT_FAILED("export.failed"),
    EXPORT_EXPIRING("export.expiring"),
    EXPORT_EXPIRED("export.expired"),
    REQUEST_OVERDUE("request.overdue");

    private final String code;

    WebhookEventType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<WebhookEventType> fromCode(String code) {
        return Arrays.stream(values()).filter(type -> type.code.equals(code)).findFirst();
    }
}
