package dev.dsar.domain;

import java.time.Instant;

/** A worker's claim on a request in processing; once {@code expiresAt} has passed, anyone may take it over. */
public record Lease(String owner, Instant expiresAt) {

    public Lease {
        if (owner == null || owner.isBlank() || expiresAt == null) {
            throw new IllegalArgumentException("a lease has an owner and an expiry");
        }
    }

    public boolean isHeldBy(String worker) {
        return owner.equals(worker);
    }

    public boolean hasExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
