package dev.dsar.domain;

import java.util.Locale;

/** What started a cleanup cycle; the lowercase {@link #code()} is stored with the cycle. */
public enum CleanupTrigger {
    /** The periodic timer of {@code serve}. */
    SCHEDULE,
    /** {@code bin/dsar cleanup}. */
    CLI,
    /** An admin, through the API. */
    ADMIN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
