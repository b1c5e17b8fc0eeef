package dev.dsar.application.service;

import dev.dsar.application.port.in.ExportNowOutcome;
import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.in.GenerateExportUseCase;
import dev.dsar.application.port.out.ClaimExportPort;
import dev.dsar.application.port.out.ExportArchivePort;
import dev.dsar.application.port.out.ExportMetricsPort;
import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.PersonalDataSourcePort;
import dev.dsar.application.port.out.RenewLeasePort;
import dev.dsar.application.port.out.RetryDelayPort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportSections;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.RetryPolicy;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates export packages: the worker claims the oldest due request, an operator asks for one by reference
 * ({@link ExportOnDemand}); each claim runs as an {@link ExportRun} through an {@link ExportAttempt}, whose
 * outcome the {@link OutcomeRecorder} writes. This class keeps the exports running here, to renew their leases
 * and to stop them.
 *
 * <p>Faults: a permanent {@link ExportFault} fails the request; any other fault is retried per
 * {@link RetryPolicy} until {@link DsarRequest#MAX_ATTEMPTS} attempts are spent. A lost lease, or the worker
 * stopping, abandons the attempt without recording anything. Whatever the outcome other than completion, the
 * archive's file is removed.
 */
public final class GenerateExportService implements GenerateExportUseCase {

    private static final System.Logger LOG = System.getLogger(GenerateExportService.class.getName());

    /** What the service needs from outside. */
    public record Ports(ClaimExportPort claims, LoadRequestPort requests, StoreTransitionPort transitions,
                        RenewLeasePort leases, PersonalDataSourcePort source, ExportArchivePort archives,
                        ExportStoragePort storage, ExportMetricsPort metrics, SharedClockPort sharedClock,
                        RetryDelayPort delays) {
    }

    private final Ports ports;
    private final ExportOnDemand onDemand;
    private final ExportAttempt attempt;
    private final Clock clock;
    private final String worker;
    private final Map<ReferenceId, ExportRun> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public GenerateExportService(Ports ports, RecoverAbandonedExports recovery, ExportSections sections,
                                 RetentionPolicy retention, Clock clock, String worker) {
        this.ports = ports;
        this.clock = clock;
        this.worker = worker;
        this.onDemand = new ExportOnDemand(ports.requests(), ports.transitions(), ports.storage(), ports.sharedClock(),
                recovery, retention, clock, worker, this::start);
        OutcomeRecorder outcomes = new OutcomeRecorder(ports.transitions(), ports.requests(), ports.metrics(),
                ports.sharedClock(), ports.delays(), clock, worker);
        this.attempt = new ExportAttempt(ports.archives(), ports.source(), sections, outcomes, clock);
    }

    @Override
    public Future<Optional<StartedExport>> startNext() {
        if (stopping) {
            return Future.succeededFuture(Optional.empty());
        }
        return ports.sharedClock().now().compose(now -> ports.claims().claimNext(worker, now, LEASE))
                .map(claimed -> claimed.map(request -> start(request, Actor.system(worker))));
    }

    @Override
    public Future<ExportNowOutcome> exportNow(ReferenceId reference) {
        return onDemand.exportNow(reference);
    }

    @Override
    public Future<Void> renewLeases() {
        List<Future<Void>> renewals = new ArrayList<>();
        for (ExportRun run : running.values()) {
            renewals.add(run.renew(ports.sharedClock(), ports.leases(), worker));
        }
        Future<?> all = Future.join(renewals);
        return all.otherwiseEmpty().mapEmpty();
    }

    @Override
    public Future<Void> abandonAll() {
        stopping = true;
        List<Future<ExportOutcome>> outcomes = new ArrayList<>();
        for (ExportRun run : running.values()) {
            run.abandon("the worker is stopping");
            outcomes.add(run.outcome.future());
        }
        Future<?> all = Future.join(outcomes);
        return all.otherwiseEmpty().mapEmpty();
    }

    /** Runs the attempt of a stored claim, known here until it ends so that its lease is renewed. */
    private StartedExport start(DsarRequest claimed, Actor actor) {
        ports.metrics().exportStarted();
        ExportRun run = new ExportRun(claimed, actor, clock.instant());
        running.put(claimed.reference(), run);
        if (stopping) {
            run.abandon("the worker is stopping");
        }
        attempt.run(run).onComplete((outcome, failure) -> {
            running.remove(claimed.reference(), run);
            if (failure != null) {
                // The attempt recovers from everything; this is a bug, but the caller must still hear of an end.
                LOG.log(Level.ERROR, "export " + claimed.reference() + ": unexpected failure",
                        ExportFaults.withoutMessage(failure));
                run.outcome.complete(new ExportOutcome.Abandoned(claimed.reference(), "internal error"));
            } else {
                run.outcome.complete(outcome);
            }
        });
        return new StartedExport(claimed.reference(), run.outcome.future());
    }
}
