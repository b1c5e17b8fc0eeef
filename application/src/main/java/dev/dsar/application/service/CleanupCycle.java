package dev.dsar.application.service;

import dev.dsar.application.port.in.CleanupReport;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.out.ExportFileOwnersPort.Ownership;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort.Page;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort.PageKey;
import dev.dsar.application.port.out.StoreTransitionBatchPort.Move;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.StoredFilePolicy;
import dev.dsar.domain.StoredFilePolicy.Verdict;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongConsumer;
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

    static final int BATCH = 1000;
    static final int AUDIT_BATCH = 10_000;
    /** A dry run counts abandoned exports up to this many; real cycles recover them all. */
    static final int DRY_RUN_STALE_LIMIT = 10_000;
    /** Errors logged one by one per cycle; beyond that only counted (and summed up at the end). */
    static final int LOGGED_ERRORS = 20;
    static final String LOCK_LOST = "the cleanup lock was lost (its lease ran out and another instance took it);"
            + " the cycle stopped early";

    private static final System.Logger LOG = System.getLogger(CleanupService.class.getName());

    private final CleanupPorts ports;
    private final RunCleanupCommand command;
    private final RetentionPolicy retention;
    private final StoredFilePolicy filePolicy;
    private final Optional<Duration> auditRetention;
    private final String holder;
    private final long runId;
    private final Instant now;
    private final Clock clock;
    private final CleanupTally tally = new CleanupTally();
    /** Writes in flight may each find the lock gone; it is one error. */
    private final AtomicBoolean lockLost = new AtomicBoolean();

    CleanupCycle(CleanupPorts ports, RunCleanupCommand command, RetentionPolicy retention, Duration orphanGrace,
                 Optional<Duration> auditRetention, String holder, long runId, Instant now, Clock clock) {
        this.ports = ports;
        this.command = command;
        this.retention = retention;
        this.filePolicy = new StoredFilePolicy(retention, orphanGrace);
        this.auditRetention = auditRetention;
        this.holder = holder;
        this.runId = runId;
        this.now = now;
        this.clock = clock;
    }

    /** Succeeds when the cycle has gone through (or stopped on losing the lock); fails on a technical fault. */
    Future<Void> run() {
        RowSweep expired = new RowSweep(
                after -> ports.candidates().expiredExports(retention.expiryCutoff(now), after, BATCH),
                request -> request.expire(retention, now), "retention", true, tally::expiredFileDeleted);
        RowSweep failed = new RowSweep(
                after -> ports.candidates().failedExportsWithFiles(retention.failedCutoff(now), after, BATCH),
                request -> request.discardFailedExportFile(retention, now), "failed_export", false,
                tally::failedFileDeleted);
        return phase("expired exports", () -> sweep(expired))
                .compose(go -> go ? phase("failed exports", () -> sweep(failed)) : stopped())
                .compose(go -> go ? phase("abandoned exports", this::recoverAbandoned) : stopped())
                .compose(go -> go ? phase("export directory", this::sweepDirectory) : stopped())
                .compose(go -> go ? phase("audit events", this::purgeAuditEvents) : stopped())
                .mapEmpty();
    }

    CleanupReport report() {
        return tally.report(command.dryRun(), retention.retentionDays(), elapsedMillis());
    }

    private boolean dryRun() {
        return command.dryRun();
    }

    private Future<Boolean> phase(String name, Supplier<Future<Boolean>> work) {
        long started = elapsedMillis();
        return work.get().map(go -> {
            LOG.log(Level.DEBUG, "cleanup run {0}: {1} done in {2} ms", Long.toString(runId), name,
                    Long.toString(elapsedMillis() - started));
            return go;
        });
    }

    // ---- (a) expired exports and (b) failed exports that still name a file -----------------------------------

    /**
     * Requests whose file goes: how to read them page by page, the domain's move, the audit reason, whether they
     * count as checked (expired candidates do), and what a deleted file adds to the tally.
     */
    private record RowSweep(Function<Optional<PageKey>, Future<Page>> fetch, Function<DsarRequest, Transition> move,
                            String reason, boolean countChecked, LongConsumer deleted) {
    }

    private Future<Boolean> sweep(RowSweep sweep) {
        return sweep.fetch().apply(Optional.empty()).compose(first -> new PageSweep(sweep, first).run());
    }

    /**
     * Pages in key order, pipelined: while the files of one page are deleted, the next page is read and the moves
     * of the two pages before are being stored (each store followed by renewing the lock and saving the counts).
     * At most two pages are held and two stores are in flight at any time; they touch different rows. Each page
     * starts the next and lets go of it ({@link AsyncLoop}): no future waits on the rest of the sweep, since a
     * chain of them would keep every page's requests and moves reachable until the end. On a fault the writes in
     * flight are waited for, so that nothing runs on once the cycle is over.
     */
    private final class PageSweep {
        private final RowSweep sweep;
        private Page page;
        private Future<Boolean> older = Future.succeededFuture(true);
        private Future<Boolean> previous = Future.succeededFuture(true);
        /** Set by the last step: whether the phase goes on, once the writes in flight are over. */
        private Future<Boolean> outcome;

        PageSweep(RowSweep sweep, Page first) {
            this.sweep = sweep;
            this.page = first;
        }

        Future<Boolean> run() {
            return AsyncLoop.whileTrue(this::step).compose(done -> outcome);
        }

        private Future<Boolean> step() {
            if (page.requests().isEmpty()) {
                return last(both(older, previous));
            }
            if (sweep.countChecked()) {
                tally.checked(page.requests().size());
            }
            Future<Page> next = page.requests().size() == BATCH
                    ? sweep.fetch().apply(page.last()) : Future.succeededFuture(new Page(List.of(), Optional.empty()));
            return removeFiles(page.requests(), sweep).transform((moves, removalFault) -> {
                if (removalFault != null) {
                    return last(afterwards(both(older, previous), removalFault));
                }
                Future<Boolean> stored = older.compose(go -> go ? storeAndCheckpoint(moves)
                        : Future.succeededFuture(false));
                return next.transform((nextPage, readFault) -> {
                    if (readFault != null) {
                        return last(afterwards(both(previous, stored), readFault));
                    }
                    if (stops(older) || stops(previous)) {
                        return last(both(previous, stored));
                    }
                    older = previous;
                    previous = stored;
                    page = nextPage;
                    return Future.succeededFuture(true);
                });
            });
        }

        private Future<Boolean> last(Future<Boolean> settled) {
            outcome = settled;
            page = null;
            return Future.succeededFuture(false);
        }
    }

    /** True once {@code write} failed or said to stop (the lock was lost). */
    private static boolean stops(Future<Boolean> write) {
        return write.failed() || (write.succeeded() && !write.result());
    }

    /** Both writes done: whether to go on, or the first fault once both have completed. */
    private static Future<Boolean> both(Future<Boolean> first, Future<Boolean> second) {
        Future<?> joined = Future.join(first, second);
        return joined.map(done -> first.result() && second.result());
    }

    /** Fails with {@code fault} once {@code inFlight} has completed, however it completes. */
    private static <T> Future<T> afterwards(Future<?> inFlight, Throwable fault) {
        return inFlight.transform((ignored, alsoFailed) -> Future.failedFuture(fault));
    }

    /**
     * The domain decides each move; the files of the requests that moved are deleted (a few at a time on worker
     * threads). The moves whose file is gone are returned with their audit events, to be stored. A refused path or
     * a failed deletion is an error and leaves the row as it is.
     */
    private Future<List<Move>> removeFiles(List<DsarRequest> candidates, RowSweep sweep) {
        List<DsarRequest> moved = new ArrayList<>(candidates.size());
        List<String> paths = new ArrayList<>(candidates.size());
        for (DsarRequest candidate : candidates) {
            Transition transition = sweep.move().apply(candidate);
            if (transition instanceof Transition.Moved next) {
                moved.add(next.request());
                paths.add(candidate.storagePath());
            }
        }
        if (moved.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return ports.files().removeStored(paths, dryRun()).map(outcomes -> {
            List<Move> toStore = new ArrayList<>(moved.size());
            for (int i = 0; i < moved.size(); i++) {
                FileRemoval outcome = outcomes.get(i);
                DsarRequest request = moved.get(i);
                if (outcome instanceof FileRemoval.Removed removed) {
                    sweep.deleted().accept(removed.bytes());
                    toStore.add(fileDeleted(request, sweep.reason(), true, removed.bytes()));
                } else if (outcome instanceof FileRemoval.AlreadyGone) {
                    toStore.add(fileDeleted(request, sweep.reason(), false, 0));
                } else {
                    error("export " + request.reference() + ": " + describe(outcome) + "; the request is left as it is");
                }
            }
            return toStore;
        });
    }

    /** The batch's moves and the checkpoint at once: the lock is renewed while the batch is written. */
    private Future<Boolean> storeAndCheckpoint(List<Move> moves) {
        Future<Void> stored = store(moves);
        Future<Boolean> checked = checkpoint();
        Future<?> both = Future.join(stored, checked);
        return both.map(done -> checked.result());
    }

    private Future<Void> store(List<Move> moves) {
        if (dryRun() || moves.isEmpty()) {
            return Future.succeededFuture();
        }
        return ports.transitions().storeAll(moves).mapEmpty();
    }

    private Move fileDeleted(DsarRequest moved, String reason, boolean present, long bytes) {
        return new Move(moved, AuditEvent.of(moved, AuditAction.FILE_DELETED, command.actor(), now,
                Map.of("reason", reason, "bytes", bytes, "file_was_present", present, "cleanup_run", runId)));
    }

    // ---- (d) exports abandoned in processing ---------------------------------------------------------------

    private Future<Boolean> recoverAbandoned() {
        if (!dryRun()) {
            return ports.recovery().recover(command.actor()).map(recovery -> {
                tally.stale(recovery.requeued(), recovery.failed());
                return true;
            });
        }
        return ports.sharedClock().now().compose(sharedNow -> ports.abandoned()
                .findAbandoned(sharedNow, DRY_RUN_STALE_LIMIT).map(found -> {
                    long requeued = 0;
                    long failed = 0;
                    for (DsarRequest request : found) {
                        Transition transition = request.recoverAbandoned(sharedNow);
                        if (transition instanceof Transition.Moved moved) {
                            if (moved.request().status() == DsarStatus.FAILED) {
                                failed++;
                            } else {
                                requeued++;
                            }
                        }
                    }
                    tally.stale(requeued, failed);
                    return true;
                }));
    }

    // ---- (b) partial files of failed exports and (c) orphans, found in the directory ---------------------------

    private Future<Boolean> sweepDirectory() {
        AtomicBoolean goOn = new AtomicBoolean(true);
        return ports.directory().scan(BATCH, files -> judge(files).compose(done -> checkpoint()).map(go -> {
            goOn.set(go);
            return go;
        })).map(done -> goOn.get());
    }

    private Future<Void> judge(List<StoredExportFile> files) {
        return ports.owners().ownership(files).compose(ownerships -> {
            List<StoredExportFile> doomed = new ArrayList<>();
            List<Verdict> verdicts = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                StoredExportFile file = files.get(i);
                Ownership ownership = ownerships.get(i);
                Verdict verdict = filePolicy.judge(file.name(), file.modifiedAt(), ownership.referenced(),
                        ownership.owner(), now);
                if (verdict != Verdict.KEEP) {
                    doomed.add(file);
                    verdicts.add(verdict);
                }
            }
            if (doomed.isEmpty()) {
                return Future.succeededFuture();
            }
            return ports.files().removeUnchanged(doomed, dryRun()).map(outcomes -> {
                for (int i = 0; i < doomed.size(); i++) {
                    FileRemoval outcome = outcomes.get(i);
                    if (outcome instanceof FileRemoval.Removed removed) {
                        if (verdicts.get(i) == Verdict.DELETE_FAILED_EXPORT_FILE) {
                            tally.failedFileDeleted(removed.bytes());
                        } else {
                            tally.orphanDeleted(removed.bytes());
                        }
                        LOG.log(Level.DEBUG, "cleanup: {0} {1}", dryRun() ? "would delete" : "deleted", doomed.get(i).name());
                    } else if (outcome instanceof FileRemoval.Refused || outcome instanceof FileRemoval.Failed) {
                        error("file " + doomed.get(i).name() + ": " + describe(outcome));
                    }
                }
                return null;
            });
        });
    }

    // ---- (e) audit events past the audit retention ----------------------------------------------------------

    private Future<Boolean> purgeAuditEvents() {
        if (auditRetention.isEmpty()) {
            return Future.succeededFuture(true);
        }
        Instant cutoff = now.minus(auditRetention.get());
        if (dryRun()) {
            return ports.audit().countBefore(cutoff).map(count -> {
                tally.auditEventsPurged(count);
                return true;
            });
        }
        return purgeAuditEventsBefore(cutoff);
    }

    private Future<Boolean> purgeAuditEventsBefore(Instant cutoff) {
        AtomicBoolean goOn = new AtomicBoolean(true);
        return AsyncLoop.whileTrue(() -> ports.audit().purgeBefore(cutoff, AUDIT_BATCH).compose(purged -> {
            tally.auditEventsPurged(purged);
            if (purged < AUDIT_BATCH) {
                return Future.succeededFuture(false);
            }
            return checkpoint().map(go -> {
                goOn.set(go);
                return go;
            });
        })).map(done -> goOn.get());
    }

    // ---- between batches ----------------------------------------------------------------------------------

    /** Renews the lock and saves the counts so far; {@code false} when the lock was lost. */
    private Future<Boolean> checkpoint() {
        Future<Boolean> renewed = ports.sharedClock().now()
                .compose(sharedNow -> ports.lock().renew(holder, sharedNow, CleanupService.LOCK_LEASE));
        Future<Void> saved = ports.runs().progressed(runId, report());
        Future<?> both = Future.all(renewed, saved);
        return both.map(done -> {
            if (!renewed.result()) {
                if (lockLost.compareAndSet(false, true)) {
                    error(LOCK_LOST);
                }
                return false;
            }
            return true;
        });
    }

    private Future<Boolean> stopped() {
        return Future.succeededFuture(false);
    }

    private void error(String problem) {
        long count = tally.error(problem);
        if (count <= LOGGED_ERRORS) {
            LOG.log(Level.ERROR, "cleanup: {0}", problem);
        } else if (count == LOGGED_ERRORS + 1) {
            LOG.log(Level.ERROR, "cleanup: more errors in this cycle are counted but not logged one by one");
        }
    }

    private static String describe(FileRemoval outcome) {
        if (outcome instanceof FileRemoval.Refused refused) {
            return "refused: " + refused.reason();
        }
        if (outcome instanceof FileRemoval.Failed failed) {
            return "deletion failed: " + failed.reason();
        }
        if (outcome instanceof FileRemoval.Changed) {
            return "changed while it was being examined";
        }
        return outcome.getClass().getSimpleName();
    }

    private long elapsedMillis() {
        return Math.max(0, Duration.between(now, clock.instant()).toMillis());
    }
}
