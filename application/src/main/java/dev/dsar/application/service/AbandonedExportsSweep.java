package dev.dsar.application.service;

import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;

/**
 * The phase over exports abandoned in processing (their worker's lease ran out): a real cycle recovers them all
 * (pending again, or failed once their attempts are spent); a dry run counts what recovery would do.
 */
final class AbandonedExportsSweep {

    /** A dry run counts abandoned exports up to this many; real cycles recover them all. */
    static final int DRY_RUN_STALE_LIMIT = 10_000;

    private final CycleContext cycle;

    AbandonedExportsSweep(CycleContext cycle) {
        this.cycle = cycle;
    }

    Future<Boolean> run() {
        if (!cycle.dryRun()) {
            return cycle.ports.recovery().recover(cycle.actor()).map(recovery -> {
                cycle.tally.stale(recovery.requeued(), recovery.failed());
                return true;
            });
        }
        return cycle.ports.sharedClock().now().compose(sharedNow -> cycle.ports.abandoned()
                .findAbandoned(sharedNow, DRY_RUN_STALE_LIMIT).map(found -> {
                    long requeued = 0;
                    long failed = 0;
                    for (DsarRequest request : found) {
                        if (request.recoverAbandoned(sharedNow) instanceof Transition.Moved moved) {
                            if (moved.request().status() == DsarStatus.FAILED) {
                                failed++;
                            } else {
                                requeued++;
                            }
                        }
                    }
                    cycle.tally.stale(requeued, failed);
                    return true;
                }));
    }
}
