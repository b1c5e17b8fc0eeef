package dev.dsar.application.port.in;

import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns requests into export packages: the export worker takes the oldest due request, an operator asks for
 * one by reference. While an export runs its worker holds a lease, renewed every {@link #RENEW_EVERY} by
 * {@link #renewLeases()}; a worker that vanishes loses it after {@link #LEASE} and another takes over.
 */
public interface GenerateExportUseCase {

    /**
     * Short, so that a dead worker's export is taken over within seconds; renewed three times a lease, so that
     * two renewals in a row may fail (a database restart) before it runs out (docs/reliability.md).
     */
    Duration LEASE = Duration.ofSeconds(30);
    Duration RENEW_EVERY = Duration.ofSeconds(10);

    /** Claims the oldest due pending request and starts exporting it; empty when nothing is due. */
    Future<Optional<StartedExport>> startNext();

    /**
     * Generates the export of this request now (pending, even with a retry scheduled later; or processing
     * under a lease that has run out), or reports the one already generated. Completes when done.
     */
    Future<ExportNowOutcome> exportNow(ReferenceId reference);

    /** Extends the lease of every export running here; an export whose lease was lost stops. */
    Future<Void> renewLeases();

    /**
     * Stops every running export without recording an outcome (the worker is shutting down): their temporary
     * files are removed and their leases left to run out, so that another instance takes them over.
     * Completes when they have stopped.
     */
    Future<Void> abandonAll();

    /** An export that has started; {@code outcome} completes when it is over. */
    record StartedExport(ReferenceId reference, Future<ExportOutcome> outcome) {
    }
}
