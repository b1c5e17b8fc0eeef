package dev.dsar.application.service;

import dev.dsar.application.port.in.ExportNowOutcome;
import dev.dsar.application.port.in.ExportNowOutcome.Reason;
import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.in.GenerateExportUseCase;
import dev.dsar.application.port.out.ClaimExportPort;
import dev.dsar.application.port.out.ExportArchivePort;
import dev.dsar.application.port.out.ExportArchivePort.ExportArchive;
import dev.dsar.application.port.out.ExportMetricsPort;
import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.application.port.out.ExportStoragePort.FileState;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.PersonalDataSourcePort;
import dev.dsar.application.port.out.RenewLeasePort;
import dev.dsar.application.port.out.RetryDelayPort;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ExportSections;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Generates export packages: claims a request, streams each section from the source into the archive
 * (redacting as the section says), finishes the package and records the outcome with its audit event.
 *
 * <p>Faults: a permanent {@link ExportFault} fails the request; any other fault is retried after
 * {@link #BACKOFF} until {@link DsarRequest#MAX_ATTEMPTS} attempts are spent. A lost lease, or the worker
 * stopping, abandons the attempt without recording anything. Whatever the outcome other than completion, the
 * archive's file is removed.
 */
public final class GenerateExportService implements GenerateExportUseCase {

    /** Wait before the second and the third attempt. */
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2));
    /**
     * Waits before each new try of an outcome write that failed (the database restarting, a connection lost):
     * 15.75 s in all, well within a {@link #LEASE}, so that an outage of a few seconds costs a few seconds, not
     * the lease. After the last, the attempt is left to its lease (docs/reliability.md).
     */
    static final List<Duration> WRITE_RETRIES = List.of(Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

    private static final System.Logger LOG = System.getLogger(GenerateExportService.class.getName());

    /** What the service needs from outside. */
    public record Ports(ClaimExportPort claims, LoadRequestPort requests, StoreTransitionPort transitions,
                        RenewLeasePort leases, PersonalDataSourcePort source, ExportArchivePort archives,
                        ExportStoragePort storage, ExportMetricsPort metrics, SharedClockPort sharedClock,
                        RetryDelayPort delays) {
    }

    private final Ports ports;
    private final RecoverAbandonedExports recovery;
    private final ExportSections sections;
    private final RetentionPolicy retention;
    private final Clock clock;
    private final String worker;
    private final Map<ReferenceId, Run> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public GenerateExportService(Ports ports, RecoverAbandonedExports recovery, ExportSections sections,
                                 RetentionPolicy retention, Clock clock, String worker) {
        this.ports = ports;
        this.recovery = recovery;
        this.sections = sections;
        this.retention = retention;
        this.clock = clock;
        this.worker = worker;
    }

    // ---- use case ----------------------------------------------------------------------------------------

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
        return exportNow(reference, true);
    }

    @Override
    public Future<Void> renewLeases() {
        List<Future<Void>> renewals = new ArrayList<>();
        for (Run run : running.values()) {
            renewals.add(run.renew());
        }
        Future<?> all = Future.join(renewals);
        return all.otherwiseEmpty().mapEmpty();
    }

    @Override
    public Future<Void> abandonAll() {
        stopping = true;
        List<Future<ExportOutcome>> outcomes = new ArrayList<>();
        for (Run run : running.values()) {
            run.abandon("the worker is stopping");
            outcomes.add(run.outcome.future());
        }
        Future<?> all = Future.join(outcomes);
        return all.otherwiseEmpty().mapEmpty();
    }

    // ---- export on demand --------------------------------------------------------------------------------

    private Future<ExportNowOutcome> exportNow(ReferenceId reference, boolean mayRecover) {
        return ports.requests().findByReference(reference).compose(found -> {
            if (found.isEmpty()) {
                return notExportable(reference, Reason.NOT_FOUND, "no request has the reference " + reference);
            }
            DsarRequest request = found.get();
            return ports.sharedClock().now().compose(sharedNow -> decide(request, sharedNow, mayRecover));
        });
    }

    /** {@code sharedNow} for the lease (claim, expiry), this instance's clock for the retention. */
    private Future<ExportNowOutcome> decide(DsarRequest request, Instant sharedNow, boolean mayRecover) {
        ReferenceId reference = request.reference();
        Instant now = clock.instant();
        switch (request.status()) {
            case PENDING:
                return claimOnDemand(request, sharedNow);
            case PROCESSING:
                if (mayRecover && request.lease().hasExpired(sharedNow)) {
                    // Its worker vanished: put it back (or fail it if its attempts are spent), then decide again.
                    return recovery.recover(Actor.operator()).compose(recovered -> exportNow(reference, false));
                }
                return notExportable(reference, Reason.IN_PROGRESS, "the export of " + reference
                        + " is in progress on " + request.lease().owner() + " (lease until "
                        + request.lease().expiresAt() + ")");
            case COMPLETED:
                if (retention.isExpired(request.completedAt(), now)) {
                    return notExportable(reference, Reason.EXPIRED, expiredDetail(reference));
                }
                return alreadyExported(request);
            case FAILED:
                return notExportable(reference, Reason.FAILED, "the export of " + reference + " failed: "
                        + request.lastError());
            default:
                return notExportable(reference, Reason.EXPIRED, expiredDetail(reference));
        }
    }

    private Future<ExportNowOutcome> claimOnDemand(DsarRequest pending, Instant now) {
        Transition claim = pending.claimOnDemand(worker, now, LEASE);
        if (!(claim instanceof Transition.Moved moved)) {
            return notExportable(pending.reference(), Reason.IN_PROGRESS, claim.toString());
        }
        DsarRequest claimed = moved.request();
        AuditEvent started = AuditEvent.of(claimed, AuditAction.EXPORT_STARTED, Actor.operator(), now,
                Map.of("attempt", claimed.attempts(), "worker", worker));
        return ports.transitions().store(claimed, started).compose(stored -> {
            if (!stored) {
                return notExportable(pending.reference(), Reason.IN_PROGRESS,
                        "the export of " + pending.reference() + " was just claimed by another worker");
            }
            return start(claimed, Actor.operator()).outcome().map(ExportNowOutcome.Attempted::new);
        });
    }

    private Future<ExportNowOutcome> alreadyExported(DsarRequest completed) {
        return ports.storage().inspect(completed.storagePath()).compose(state -> {
            if (state instanceof FileState.Present present && present.bytes() == completed.exportBytes()) {
                return Future.succeededFuture(new ExportNowOutcome.AlreadyExported(completed.reference(),
                        new ExportArtifact(present.file().toString(), present.bytes(), completed.exportSha256())));
            }
            return notExportable(completed.reference(), Reason.FILE_MISSING, "the export of "
                    + completed.reference() + " is completed but its file is missing from the export directory");
        });
    }

    private static String expiredDetail(ReferenceId reference) {
        return "the export of " + reference + " has expired and its file was deleted; a new request is needed";
    }

    private static Future<ExportNowOutcome> notExportable(ReferenceId reference, Reason reason, String detail) {
        return Future.succeededFuture(new ExportNowOutcome.NotExportable(reference, reason, detail));
    }

    // ---- one attempt -------------------------------------------------------------------------------------

    private StartedExport start(DsarRequest claimed, Actor actor) {
        ports.metrics().exportStarted();
        Run run = new Run(claimed, actor);
        running.put(claimed.reference(), run);
        if (stopping) {
            run.abandon("the worker is stopping");
        }
        attempt(run).onComplete((outcome, failure) -> {
            running.remove(claimed.reference(), run);
            if (failure != null) {
                // attempt() recovers from everything; this is a bug, but the caller must still hear of an end.
                LOG.log(Level.ERROR, "export " + claimed.reference() + ": unexpected failure", withoutMessage(failure));
                run.outcome.complete(new ExportOutcome.Abandoned(claimed.reference(), "internal error"));
            } else {
                run.outcome.complete(outcome);
            }
        });
        return new StartedExport(claimed.reference(), run.outcome.future());
    }

    private Future<ExportOutcome> attempt(Run run) {
        ExportFileName name = ExportFileName.of(run.reference, run.startedAt);
        return ports.archives().create(name).compose(
                archive -> writeAndComplete(archive, run)
                        .recover(fault -> archive.discard().transform((discarded, ignored) -> settle(run, fault))),
                fault -> settle(run, fault));
    }

    private Future<ExportOutcome> writeAndComplete(ExportArchive archive, Run run) {
        List<PackageDescription.Section> written = new ArrayList<>();
        Future<Void> all = Future.succeededFuture();
        for (ExportSection section : sections.sections()) {
            all = all.compose(previous -> writeSection(archive, run, section)
                    .map(file -> {
                        written.add(new PackageDescription.Section(section, file));
                        return null;
                    }));
        }
        return all.compose(done -> archive.finish(describe(run, written)))
                .compose(artifact -> complete(run, artifact, written));
    }

    private Future<PackagedFile> writeSection(ExportArchive archive, Run run, ExportSection section) {
        if (run.abandoned() != null) {
            return Future.failedFuture(new Abandon(run.abandoned()));
        }
        SectionSink sink = new SectionSink(run, section, archive);
        return archive.beginSection(section.name(), section.single())
                .compose(begun -> ports.source().stream(section, run.claimed.userId(), sink::accept))
                .compose(rows -> archive.endSection());
    }

    private PackageDescription describe(Run run, List<PackageDescription.Section> written) {
        DsarRequest claimed = run.claimed;
        return new PackageDescription(claimed.reference(), claimed.userId(), claimed.requestedBy().code(),
                claimed.requestedAt(), run.startedAt, clock.instant(), claimed.attempts(), written);
    }

    private Future<ExportOutcome> complete(Run run, ExportArtifact artifact, List<PackageDescription.Section> written) {
        long records = written.stream().mapToLong(section -> section.file().records()).sum();
        return retried(run, "completion", () -> run.write(current -> {
            Instant now = clock.instant();
            Transition completion = current.complete(worker, artifact, now);
            if (!(completion instanceof Transition.Moved moved)) {
                return Future.failedFuture(new Abandon("lease lost: " + completion));
            }
            Map<String, Object> details = Map.of("bytes", artifact.bytes(), "records", records,
                    "sha256", artifact.sha256(), "attempt", current.attempts(),
                    "duration_ms", took(run).toMillis());
            AuditEvent event = AuditEvent.of(moved.request(), AuditAction.EXPORT_COMPLETED, run.actor, now, details);
            return storeOrLose(moved.request(), event).recover(fault -> completedAnyway(run, artifact, fault));
        })).map(completed -> {
            Duration took = took(run);
            ports.metrics().exportCompleted(took, artifact.bytes(), records);
            LOG.log(Level.INFO, "export {0} completed: {1} records, {2} bytes in {3} ms", run.reference,
                    Long.toString(records), Long.toString(artifact.bytes()), Long.toString(took.toMillis()));
            return new ExportOutcome.Completed(run.reference, artifact, records);
        });
    }

    /**
     * The completion's store failed, but the write may have reached the database before the connection broke:
     * if the row says completed with this very file, it is (the file must then stay).
     */
    private Future<DsarRequest> completedAnyway(Run run, ExportArtifact artifact, Throwable fault) {
        // Also after a version conflict: a completion that reached the database before a retry found it moved.
        return ports.requests().findByReference(run.reference).transform((read, unreadable) -> {
            Optional<DsarRequest> now = unreadable == null ? read : Optional.empty();
            if (now.isPresent() && now.get().status() == DsarStatus.COMPLETED
                    && artifact.storagePath().equals(now.get().storagePath())) {
                return Future.succeededFuture(now.get());
            }
            return Future.failedFuture(fault);
        });
    }

    /** Records a fault as the request's next state; a lost lease or a stop records nothing. */
    private Future<ExportOutcome> settle(Run run, Throwable fault) {
        Duration took = took(run);
        if (fault instanceof Abandon || run.abandoned() != null) {
            String reason = run.abandoned() != null ? run.abandoned() : fault.getMessage();
            return Future.succeededFuture(abandoned(run, reason, took));
        }
        ExportFault exportFault = classify(run, fault);
        String error = exportFault.getMessage();
        return retried(run, "outcome", () -> run.write(current -> ports.sharedClock().now().compose(sharedNow -> {
            Instant now = clock.instant();
            // The retry time is compared with the shared clock by whichever instance claims it next.
            Transition move = exportFault.isPermanent()
                    ? current.fail(worker, error, now)
                    : current.retryLater(worker, error, now, sharedNow.plus(backoff(current.attempts())));
            if (!(move instanceof Transition.Moved moved)) {
                return Future.failedFuture(new Abandon("lease lost: " + move));
            }
            DsarRequest next = moved.request();
            Map<String, Object> details = new HashMap<>();
            details.put("attempt", current.attempts());
            details.put("error", next.lastError());
            details.put("permanent", exportFault.isPermanent());
            if (next.nextAttemptAt() != null) {
                details.put("retry_at", next.nextAttemptAt().toString());
            }
            AuditAction action = next.status() == DsarStatus.FAILED
                    ? AuditAction.EXPORT_FAILED : AuditAction.EXPORT_RETRY_SCHEDULED;
            return storeOrLose(next, AuditEvent.of(next, action, run.actor, now, details));
        }))).map(next -> {
            if (next.status() == DsarStatus.FAILED) {
                ports.metrics().exportFailed(took);
                LOG.log(Level.WARNING, "export {0} failed after attempt {1}: {2}", run.reference,
                        next.attempts(), next.lastError());
                return (ExportOutcome) new ExportOutcome.Failed(run.reference, next.lastError());
            }
            ports.metrics().exportRetryScheduled(took);
            LOG.log(Level.WARNING, "export {0} attempt {1} failed, retry at {2}: {3}", run.reference,
                    next.attempts(), next.nextAttemptAt(), next.lastError());
            return new ExportOutcome.RetryScheduled(run.reference, next.lastError(), next.nextAttemptAt());
        }).recover(unrecorded -> {
            String reason = unrecorded instanceof Abandon ? unrecorded.getMessage()
                    : "could not record the outcome after " + (WRITE_RETRIES.size() + 1) + " tries ("
                    + describe(unrecorded) + "); the lease will run out";
            return Future.succeededFuture(abandoned(run, reason, took));
        });
    }

    private ExportOutcome abandoned(Run run, String reason, Duration took) {
        ports.metrics().exportAbandoned(took);
        LOG.log(Level.WARNING, "export {0} abandoned: {1}", run.reference, reason);
        return new ExportOutcome.Abandoned(run.reference, reason);
    }

    /**
     * Tries {@code write} again after each of {@link #WRITE_RETRIES} while it fails for a technical reason; a lost
     * lease ({@link Abandon}) or a stop ends it at once. Each try applies the move to the latest stored state.
     */
    private Future<DsarRequest> retried(Run run, String what, java.util.function.Supplier<Future<DsarRequest>> write) {
        return write.get().recover(fault -> retryAfter(run, what, write, fault, 0));
    }

    private Future<DsarRequest> retryAfter(Run run, String what, java.util.function.Supplier<Future<DsarRequest>> write,
                                           Throwable fault, int retriesDone) {
        if (fault instanceof Abandon || run.abandoned() != null || retriesDone == WRITE_RETRIES.size()) {
            return Future.failedFuture(fault);
        }
        Duration delay = WRITE_RETRIES.get(retriesDone);
        if (retriesDone == 0) {
            LOG.log(Level.WARNING, "export {0}: could not record its {1} ({2}); trying again for up to {3} s",
                    run.reference, what, describe(fault), Long.toString(totalRetryDelay().toSeconds()));
        }
        return ports.delays().after(delay).compose(waited -> write.get())
                .recover(again -> retryAfter(run, what, write, again, retriesDone + 1));
    }

    static Duration totalRetryDelay() {
        return WRITE_RETRIES.stream().reduce(Duration.ZERO, Duration::plus);
    }

    private Future<DsarRequest> storeOrLose(DsarRequest moved, AuditEvent event) {
        return ports.transitions().store(moved, event).compose(stored -> stored
                ? Future.succeededFuture(moved)
                : Future.failedFuture(new Abandon("lease lost: another worker moved the request")));
    }

    private static ExportFault classify(Run run, Throwable fault) {
        if (fault instanceof ExportFault exportFault) {
            return exportFault;
        }
        if (fault instanceof DatabaseUnavailable unavailable) {
            // Expected in an outage, and its message names only the database and the kind of failure.
            return ExportFault.transientFault(unavailable.getMessage());
        }
        LOG.log(Level.ERROR, "export " + run.reference + ": unexpected fault", withoutMessage(fault));
        return ExportFault.transientFault("unexpected error (" + fault.getClass().getSimpleName() + ")");
    }

    /** The fault's kind and stack for the log, not its message, which may quote data. */
    private static Throwable withoutMessage(Throwable fault) {
        RuntimeException shown = new RuntimeException(fault.getClass().getName());
        shown.setStackTrace(fault.getStackTrace());
        return shown;
    }

    private static String describe(Throwable fault) {
        return fault instanceof ExportFault || fault instanceof DatabaseUnavailable ? fault.getMessage()
                : fault.getClass().getSimpleName();
    }

    static Duration backoff(int attemptsMade) {
        return BACKOFF.get(Math.max(0, Math.min(attemptsMade, BACKOFF.size()) - 1));
    }

    private Duration took(Run run) {
        Duration took = Duration.between(run.startedHere, clock.instant());
        return took.isNegative() ? Duration.ZERO : took;
    }

    // ---- internals ---------------------------------------------------------------------------------------

    /** Stops an attempt without recording anything. */
    private static final class Abandon extends RuntimeException {
        Abandon(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One export running here: its latest stored state, and the writes (renewals, outcome) in order. */
    private final class Run {
        final ReferenceId reference;
        final DsarRequest claimed;
        final Actor actor;
        /** When the claim was stored, on the shared clock: the file's name is derived from it. */
        final Instant startedAt;
        /** When this instance started it, on its own clock: durations are measured from it. */
        final Instant startedHere;
        final io.vertx.core.Promise<ExportOutcome> outcome = io.vertx.core.Promise.promise();
        private DsarRequest current;
        private Future<DsarRequest> writes;
        private boolean renewing;
        private volatile String abandoned;

        Run(DsarRequest claimed, Actor actor) {
            this.reference = claimed.reference();
            this.claimed = claimed;
            this.actor = actor;
            this.startedAt = claimed.startedAt();
            this.startedHere = clock.instant();
            this.current = claimed;
            this.writes = Future.succeededFuture(claimed);
        }

        String abandoned() {
            return abandoned;
        }

        void abandon(String reason) {
            if (abandoned == null) {
                abandoned = reason;
            }
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

        Future<Void> renew() {
            synchronized (this) {
                if (renewing || abandoned != null) {
                    return Future.succeededFuture();
                }
                renewing = true;
            }
            return write(current -> ports.sharedClock().now().compose(sharedNow -> {
                Transition renewal = current.renewLease(worker, sharedNow, LEASE);
                if (!(renewal instanceof Transition.Moved moved)) {
                    return Future.failedFuture(new Abandon("lease lost: " + renewal));
                }
                return ports.leases().renew(moved.request()).compose(renewed -> renewed
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
                            describe(failure));
                }
                return Future.succeededFuture();
            });
        }
    }

    /** Checks, redacts and forwards one section's batches; stops the stream once the attempt is abandoned. */
    private static final class SectionSink {
        private final Run run;
        private final ExportSection section;
        private final ExportArchive archive;
        private int[] redacted;
        private long rows;

        SectionSink(Run run, ExportSection section, ExportArchive archive) {
            this.run = run;
            this.section = section;
            this.archive = archive;
        }

        Future<Void> accept(RowBatch batch) {
            if (run.abandoned() != null) {
                return Future.failedFuture(new Abandon(run.abandoned()));
            }
            try {
                if (redacted == null) {
                    redacted = redactedColumns(batch.columns());
                }
                rows += batch.size();
                if (section.single() && rows > 1) {
                    throw ExportFault.permanent("section '" + section.name()
                            + "' is declared single but its query returned more than one row");
                }
                for (Object[] row : batch.rows()) {
                    for (int column : redacted) {
                        row[column] = ExportSection.REDACTED;
                    }
                }
            } catch (ExportFault fault) {
                return Future.failedFuture(fault);
            }
            return archive.writeRows(batch);
        }

        private int[] redactedColumns(List<String> columns) {
            Set<String> seen = new HashSet<>();
            for (String column : columns) {
                if (!seen.add(column)) {
                    throw ExportFault.permanent("section '" + section.name() + "': the query returns column '"
                            + column + "' twice; give its columns distinct names (AS ...)");
                }
            }
            for (String column : section.redact()) {
                if (!seen.contains(column)) {
                    throw ExportFault.permanent("section '" + section.name() + "': redacted column '" + column
                            + "' is not among the query's columns (" + String.join(", ", columns) + ")");
                }
            }
            int[] indexes = new int[section.redact().size()];
            int next = 0;
            for (int i = 0; i < columns.size(); i++) {
                if (section.isRedacted(columns.get(i))) {
                    indexes[next++] = i;
                }
            }
            return indexes;
        }
    }
}
