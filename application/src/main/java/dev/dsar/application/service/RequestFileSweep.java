package dev.dsar.application.service;

import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort.Page;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort.PageKey;
import dev.dsar.application.port.out.StoreTransitionBatchPort.Move;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A phase over requests whose file goes (expired exports; failed exports that still name a file), page by page
 * through a {@link PagePipeline}: the domain decides each move, the files of the requests that moved are deleted,
 * and the moves whose file is gone are stored with their audit events while the lock is renewed. A refused path
 * or a failed deletion is an error and leaves the row as it is.
 */
final class RequestFileSweep implements PagePipeline.Steps<Page, List<Move>> {

    private static final Page NO_MORE = new Page(List.of(), Optional.empty());

    private final CycleContext cycle;
    private final Function<Optional<PageKey>, Future<Page>> fetch;
    private final Function<DsarRequest, Transition> move;
    private final String reason;
    private final boolean countChecked;
    private final LongConsumer deleted;

    /**
     * @param fetch        reads a page of candidates after a key
     * @param move         the domain's move for a candidate
     * @param reason       the audit event's reason
     * @param countChecked whether candidates count as checked (expired ones do)
     * @param deleted      what a deleted file of this many bytes adds to the tally
     */
    RequestFileSweep(CycleContext cycle, Function<Optional<PageKey>, Future<Page>> fetch,
                     Function<DsarRequest, Transition> move, String reason, boolean countChecked,
                     LongConsumer deleted) {
        this.cycle = cycle;
        this.fetch = fetch;
        this.move = move;
        this.reason = reason;
        this.countChecked = countChecked;
        this.deleted = deleted;
    }

    Future<Boolean> run() {
        return fetch.apply(Optional.empty()).compose(first -> PagePipeline.run(first, this));
    }

    @Override
    public boolean isEmpty(Page page) {
        return page.requests().isEmpty();
    }

    @Override
    public Future<Page> next(Page page) {
        return page.requests().size() == CycleContext.BATCH ? fetch.apply(page.last())
                : Future.succeededFuture(NO_MORE);
    }

    @Override
    public Future<List<Move>> work(Page page) {
        List<DsarRequest> candidates = page.requests();
        if (countChecked) {
            cycle.tally.checked(candidates.size());
        }
        List<DsarRequest> moved = new ArrayList<>(candidates.size());
        List<String> paths = new ArrayList<>(candidates.size());
        for (DsarRequest candidate : candidates) {
            if (move.apply(candidate) instanceof Transition.Moved next) {
                moved.add(next.request());
                paths.add(candidate.storagePath());
            }
        }
        if (moved.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return cycle.ports.files().removeStored(paths, cycle.dryRun()).map(outcomes -> {
            List<Move> toStore = new ArrayList<>(moved.size());
            for (int i = 0; i < moved.size(); i++) {
                FileRemoval outcome = outcomes.get(i);
                DsarRequest request = moved.get(i);
                if (outcome instanceof FileRemoval.Removed removed) {
                    deleted.accept(removed.bytes());
                    toStore.add(fileDeleted(request, true, removed.bytes()));
                } else if (outcome instanceof FileRemoval.AlreadyGone) {
                    toStore.add(fileDeleted(request, false, 0));
                } else {
                    cycle.error("export " + request.reference() + ": " + CycleContext.describe(outcome)
                            + "; the request is left as it is");
                }
            }
            return toStore;
        });
    }

    /** The batch's moves and the checkpoint at once: the lock is renewed while the batch is written. */
    @Override
    public Future<Boolean> write(List<Move> moves) {
        Future<Void> stored = cycle.dryRun() || moves.isEmpty() ? Future.succeededFuture()
                : cycle.ports.transitions().storeAll(moves).mapEmpty();
        Future<Boolean> checked = cycle.checkpoint();
        Future<?> both = Future.join(stored, checked);
        return both.map(done -> checked.result());
    }

    private Move fileDeleted(DsarRequest moved, boolean present, long bytes) {
        return new Move(moved, AuditEvent.of(moved, AuditAction.FILE_DELETED, cycle.actor(), cycle.now,
                Map.of("reason", reason, "bytes", bytes, "file_was_present", present, "cleanup_run", cycle.runId)));
    }
}
