package dev.dsar.application.service;

import dev.dsar.domain.CleanupReport;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.domain.RetentionPolicy;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One cleanup cycle, run under the cleanup lock: expired exports, files of failed exports, exports abandoned
 * in processing, the export directory (partial files of failed exports, orphans), old audit events; in that
 * order, each a batch at a time. After every batch the lock is renewed and the counts saved; a cycle that lost
 * the lock stops there. All decisions use the instant the cycle started.
 *
 * <p>Files go before rows: killed between the two, the next cycle finds the file gone and marks the row. A
 * row marked while its file stayed (a deletion that failed silently, an operator's restore) leaves a file no
 * request points at, which the directory pass removes as an orphan once its grace has passed.
 */
final class CleanupCycle {

    private static final System.Logger LOG = System.getLogger(CleanupService.class.getName());

    private final CycleContext cycle;
    private final RequestFileSweep expired;
    private final RequestFileSweep failed;
    private final AbandonedExportsSweep abandoned;
    private final DirectorySweep directory;
    private final AuditEventPurge audit;

    CleanupCycle(CleanupPorts ports, RunCleanupCommand command, RetentionPolicy retention, Duration orphanGrace,
                 Optional<Duration> auditRetention, String holder, long runId, Instant now, Clock clock) {
        this.cycle = new CycleContext(ports, command, retention, holder, runId, now, clock);
        CleanupTally tally = cycle.tally;
        this.expired = new RequestFileSweep(cycle,
                after -> ports.candidates().expiredExports(retention.expiryCutoff(now), after, CycleContext.BATCH),
                request -> request.expire(retention, now), "retention", true, tally::expiredFileDeleted);
        this.failed = new RequestFileSweep(cycle,
                after -> ports.candidates().failedExportsWithFiles(retention.failedCutoff(now), after,
                        CycleContext.BATCH),
                request -> request.discardFailedExportFile(retention, now), "failed_export", false,
                tally::failedFileDeleted);
        this.abandoned = new AbandonedExportsSweep(cycle);
        this.directory = new DirectorySweep(cycle, orphanGrace);
        this.audit = new AuditEventPurge(cycle, auditRetention);
    }

    /** Succeeds when the cycle has gone through (or stopped on losing the lock); fails on a technical fault. */
    Future<Void> run() {
        return phase("expired exports", expired::run)
                .compose(go -> go ? phase("failed exports", failed::run) : stopped())
                .compose(go -> go ? phase("abandoned exports", abandoned::run) : stopped())
                .compose(go -> go ? phase("export directory", directory::run) : stopped())
                .compose(go -> go ? phase("audit events", audit::run) : stopped())
                .mapEmpty();
    }

    CleanupReport report() {
        return cycle.report();
    }

    private Future<Boolean> phase(String name, Supplier<Future<Boolean>> work) {
        long started = cycle.elapsedMillis();
        return work.get().map(go -> {
            LOG.log(Level.DEBUG, "cleanup run {0}: {1} done in {2} ms", Long.toString(cycle.runId), name,
                    Long.toString(cycle.elapsedMillis() - started));
            return go;
        });
    }

    private static Future<Boolean> stopped() {
        return Future.succeededFuture(false);
    }
}
