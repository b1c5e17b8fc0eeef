package dev.dsar.application.service;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The phase over audit events older than the audit retention, when one is set: deleted a batch at a time with
 * the lock renewed in between; a dry run counts them.
 */
final class AuditEventPurge {

    static final int AUDIT_BATCH = 10_000;

    private final CycleContext cycle;
    private final Optional<Duration> auditRetention;

    AuditEventPurge(CycleContext cycle, Optional<Duration> auditRetention) {
        this.cycle = cycle;
        this.auditRetention = auditRetention;
    }

    Future<Boolean> run() {
        if (auditRetention.isEmpty()) {
            return Future.succeededFuture(true);
        }
        Instant cutoff = cycle.now.minus(auditRetention.get());
        if (cycle.dryRun()) {
            return cycle.ports.audit().countBefore(cutoff).map(count -> {
                cycle.tally.auditEventsPurged(count);
                return true;
            });
        }
        AtomicBoolean goOn = new AtomicBoolean(true);
        return AsyncLoop.whileTrue(() -> cycle.ports.audit().purgeBefore(cutoff, AUDIT_BATCH).compose(purged -> {
            cycle.tally.auditEventsPurged(purged);
            if (purged < AUDIT_BATCH) {
                return Future.succeededFuture(false);
            }
            return cycle.checkpoint().map(go -> {
                goOn.set(go);
                return go;
            });
        })).map(done -> goOn.get());
    }
}
