package dev.dsar.application.contract;

import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Identities no other test uses, so that contract tests may share one store (one database) within a class. */
final class Contracts {

    private static final AtomicLong NEXT_USER = new AtomicLong(7_000_000);
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    private static final AtomicLong NEXT_REFERENCE = new AtomicLong();

    private Contracts() {
    }

    static UserId newUser() {
        return new UserId(NEXT_USER.incrementAndGet());
    }

    static ReferenceId newReference() {
        return new ReferenceId("GDPR-CT" + RUN + "-" + NEXT_REFERENCE.incrementAndGet());
    }
}
