package dev.dsar.application.service;

import static dev.dsar.application.port.in.GenerateExportUseCase.LEASE;

import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.out.RenewLeasePort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * One export running on this instance: who claimed it and when, its latest stored state, and its writes (lease
 * renewals, then the outcome) applied one after the other, each to the state the previous one stored. Once
 * abandoned (lease lost, worker stopping) the attempt stops at its next step and records nothing.
 */
final class ExportRun {

    private static final System.Logger LOG = System.getLogger(GenerateExportService.class.getName());

    final ReferenceId reference;
    final DsarRequest claimed;
    final Actor actor;
    /** When the claim was stored, on the shared clock: the file's name is derived from it. */
    final Instant startedAt;
    /** When this instance started it, on its own clock: durations are measured from it. */
    final Instant startedHere;
    final Promise<ExportOutcome> outcome = Promise.promise();
    private DsarRequest current;
    private Future<DsarRequest> writes;
    private boolean renewing;
    private volatile String abandoned;

    ExportRun(DsarRequest claimed, Actor actor, Instant startedHere) {
        this.reference = claimed.reference();
        this.claimed = claimed;
        this.actor = actor;
        this.startedAt = claimed.startedAt();
        this.startedHere = startedHere;
        this.current = claimed;
        this.writes = Future.succeededFuture(claimed);
    }

    /** Why the export was abandoned, or {@code null} while it goes on. */
    String abandoned() {
        return abandoned;
    }

    void abandon(String reason) {
        if (abandoned == null) {
            abandoned = reason;
        }
    }

    Duration took(Clock clock) {
        Duration took = Duration.between(startedHere, clock.instant());
        return took.isNegative() ? Duration.ZERO : took;
    }

    /** Applies a move to the latest stored state once the previous write is over; success stores the result. */
    synchronized Future<DsarRequest> write(Function<DsarRequest, Future<DsarRequest>> move) {
        Future<DsarRequest> next = writes.transform((previous, failed) -> move.apply(current()));
        writes = next.onSuccess(this::stored);
        return next;
    }

    private synchronized DsarRequest current() {
        return current;
    }

    private synchronized void stored(DsarRequest request) {
        current = request;
    }

    /** Extends the lease; a lease found lost abandons the export, a technical fault waits for the next renewal. */
    Future<Void> renew(SharedClockPort sharedClock, RenewLeasePort leases, String worker) {
        synchronized (this) {
            if (renewing || abandoned != null) {
                return Future.succeededFuture();
            }
            renewing = true;
        }
        return write(latest -> sharedClock.now().compose(sharedNow -> {
            Transition renewal = latest.renewLease(worker, sharedNow, LEASE);
            if (!(renewal instanceof Transition.Moved moved)) {
                return Future.failedFuture(new Abandon("lease lost: " + renewal));
            }
            return leases.renew(moved.request()).compose(renewed -> renewed
                    ? Future.succeededFuture(moved.request())
                    : Future.failedFuture(new Abandon("lease lost: another worker took the export over")));
        })).<Void>transform((renewed, failure) -> {
            synchronized (this) {
                renewing = false;
            }
            if (failure instanceof Abandon lost) {
                abandon(lost.getMessage());
            } else if (failure != null) {
                LOG.log(Level.WARNING, "export {0}: lease renewal failed ({1}); trying again later", reference,
                        ExportFaults.describe(failure));
            }
            return Future.succeededFuture();
        });
    }

    /** Stops an attempt without recording anything. */
    static final class Abandon extends RuntimeException {
        Abandon(String reason) {
            super(reason, null, false, false);
        }
    }
}
