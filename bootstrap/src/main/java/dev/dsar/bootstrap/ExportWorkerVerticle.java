package dev.dsar.bootstrap;

import dev.dsar.adapters.persistence.ExportRequestNotifications;
import dev.dsar.application.port.in.GenerateExportUseCase;
import dev.dsar.application.port.in.GenerateExportUseCase.StartedExport;
import dev.dsar.application.service.RecoverAbandonedExports;
import dev.dsar.domain.Actor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export worker of {@code serve}: keeps up to {@code DSAR_EXPORT_CONCURRENCY} exports running. It claims
 * work when a request is inserted anywhere (PostgreSQL notification), when an export ends, and every
 * {@link #POLL_MS} as a fallback (also recovering exports whose worker vanished); it renews the leases of its
 * running exports every {@link GenerateExportUseCase#RENEW_EVERY}. Stopping abandons running exports: their
 * temporary files are removed and their leases run out, so another instance takes them over.
 */
public final class ExportWorkerVerticle extends VerticleBase {

    static final long POLL_MS = 5_000;
    static final long STOP_WAIT_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ExportWorkerVerticle.class);

    private final GenerateExportUseCase exports;
    private final RecoverAbandonedExports recovery;
    private final ExportRequestNotifications notifications;
    private final int concurrency;
    private final Actor actor;
    private final long pollMs;

    // Only touched on this verticle's event loop.
    private int running;
    private boolean claiming;
    private boolean wokenWhileClaiming;
    private boolean stopping;
    private long pollTimer = -1;
    private long renewTimer = -1;

    public ExportWorkerVerticle(Components components) {
        this(components, POLL_MS);
    }

    ExportWorkerVerticle(Components components, long pollMs) {
        this.pollMs = pollMs;
        this.exports = components.generateExport();
        this.recovery = components.recoverAbandoned();
        this.notifications = components.exportRequestNotifications();
        this.concurrency = components.config().exportConcurrency();
        this.actor = Actor.system(components.config().instanceId());
    }

    @Override
    public Future<?> start() {
        pollTimer = vertx.setPeriodic(pollMs, tick -> poll());
        renewTimer = vertx.setPeriodic(GenerateExportUseCase.RENEW_EVERY.toMillis(), tick -> exports.renewLeases());
        poll();
        return notifications.start(() -> context.runOnContext(woken -> claim()));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(renewTimer);
        return notifications.close().otherwiseEmpty()
                .compose(closed -> exports.abandonAll().timeout(STOP_WAIT_MS, TimeUnit.MILLISECONDS))
                .otherwiseEmpty();
    }

    /** Recovers abandoned exports, then fills free slots. */
    private void poll() {
        recovery.recover(actor).onComplete((recovered, failure) -> context.runOnContext(done -> {
            if (failure != null) {
                LOG.warn("cannot look for abandoned exports ({}); trying again in {} ms", failure.getMessage(), pollMs);
            } else if (recovered.requeued() + recovered.failed() > 0) {
                LOG.info("recovered abandoned exports: {} requeued, {} failed", recovered.requeued(), recovered.failed());
            }
            claim();
        }));
    }

    /** Claims one request if a slot is free; goes on until nothing is due or every slot is taken. */
    private void claim() {
        if (stopping || running >= concurrency) {
            return;
        }
        if (claiming) {
            wokenWhileClaiming = true;
            return;
        }
        claiming = true;
        wokenWhileClaiming = false;
        exports.startNext().onComplete((started, failure) -> context.runOnContext(done -> claimed(started, failure)));
    }

    private void claimed(Optional<StartedExport> started, Throwable failure) {
        claiming = false;
        if (failure != null) {
            LOG.warn("cannot claim an export ({}); trying again in {} ms", failure.getMessage(), pollMs);
            return;
        }
        if (started.isPresent()) {
            running++;
            started.get().outcome().onComplete((outcome, ignored) -> context.runOnContext(ended -> {
                running--;
                claim();
            }));
            claim();
        } else if (wokenWhileClaiming) {
            claim();
        }
    }
}
