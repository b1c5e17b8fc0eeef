package dev.dsar.application.fakes;

import dev.dsar.application.contract.CleanupStoreContract;
import dev.dsar.domain.CleanupReport;
import dev.dsar.domain.CleanupTotals;
import dev.dsar.domain.StorageStatistics;
import dev.dsar.application.port.out.CleanupLockPort;
import dev.dsar.application.port.out.CleanupMetricsPort;
import dev.dsar.application.port.out.ExportDirectoryScanPort;
import dev.dsar.application.port.out.ExportFileOwnersPort;
import dev.dsar.application.port.out.ExportFileRemovalPort;
import dev.dsar.application.port.out.LoadAbandonedExportsPort;
import dev.dsar.application.port.out.LoadCleanupCandidatesPort;
import dev.dsar.application.port.out.LoadCleanupTotalsPort;
import dev.dsar.application.port.out.PurgeAuditEventsPort;
import dev.dsar.application.port.out.RecordCleanupRunPort;
import dev.dsar.application.port.out.RemovePartialExportPort;
import dev.dsar.application.port.out.StorageStatisticsPort;
import dev.dsar.application.port.out.StoreTransitionBatchPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.AuditEvent;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything cleanup talks to, in memory, keeping the ports' promises: requests in key order with their ids,
 * moves stored over {@code version - 1} only, the export directory as name → (bytes, modification time), one
 * lock lease, run records. Tests can make a port fail, the lock be held or lost, or a removal misbehave. Every
 * answer is an already completed future, except those a test holds back. The lock, candidates, batched moves
 * and ownership are held to the PostgreSQL adapter by {@link CleanupStoreContract}.
 */
public final class InMemoryCleanupStore implements CleanupLockPort, RecordCleanupRunPort, LoadCleanupTotalsPort,
        LoadCleanupCandidatesPort, StoreTransitionBatchPort, ExportFileOwnersPort, PurgeAuditEventsPort,
        ExportDirectoryScanPort, ExportFileRemovalPort, StorageStatisticsPort, LoadAbandonedExportsPort,
        StoreTransitionPort, CleanupMetricsPort, RemovePartialExportPort {

    public static final Path ROOT = InMemoryExportStorage.EXPORT_DIRECTORY;

    private record Row(long id, DsarRequest request) {
    }

    public record StoredFile(long bytes, Instant modifiedAt) {
    }

    private final Map<ReferenceId, Row> rows = new LinkedHashMap<>();
    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private final Map<String, FileRemoval> forcedRemovals = new LinkedHashMap<>();
    private final List<List<Move>> storedBatches = new ArrayList<>();
    private final List<CleanupRun> runs = new ArrayList<>();
    private final List<CleanupReport> finished = new ArrayList<>();
    private final List<String> metrics = new ArrayList<>();
    private long nextId;
    private String lockHolder;
    private String lockInstance;
    private Instant lockSince;
    private Instant lockUntil;
    private int renewalsBeforeLoss = -1;
    private boolean releaseCalled;
    private Future<Acquisition> heldBack;
    private RuntimeException candidatesFault;

    // ---- setup ---------------------------------------------------------------------------------------------

    public DsarRequest seed(DsarRequest request) {
        Row previous = rows.get(request.reference());
        rows.put(request.reference(), new Row(previous == null ? ++nextId : previous.id(), request));
        return request;
    }

    public void putFile(String fileName, long bytes, Instant modifiedAt) {
        files.put(fileName, new StoredFile(bytes, modifiedAt));
    }

    /** The next removal of this stored path answers {@code outcome} instead of deleting. */
    public void forceRemoval(String storagePath, FileRemoval outcome) {
        forcedRemovals.put(storagePath, outcome);
    }

    /** Held by {@code holder} of the instance its name starts with ({@code instance#cycle}), since an hour before {@code until}. */
    public void holdLock(String holder, Instant until) {
        lockHolder = holder;
        lockInstance = holder.split("#")[0];
        lockSince = until.minus(Duration.ofHours(1));
        lockUntil = until;
    }

    /** The lock answers nothing until the returned future is completed by the test. */
    public void holdBackLockAnswer(Future<Acquisition> answer) {
        heldBack = answer;
    }

    /** After this many successful renewals, the next one finds the lock taken by another instance. */
    public void loseLockAfterRenewals(int renewals) {
        renewalsBeforeLoss = renewals;
    }

    public void failCandidates(RuntimeException fault) {
        candidatesFault = fault;
    }

    // ---- inspection ----------------------------------------------------------------------------------------

    public DsarRequest require(ReferenceId reference) {
        return Optional.ofNullable(rows.get(reference)).map(Row::request)
                .orElseThrow(() -> new AssertionError("no request " + reference));
    }

    public boolean hasFile(String fileName) {
        return files.containsKey(fileName);
    }

    public List<List<Move>> storedBatches() {
        return List.copyOf(storedBatches);
    }

    public List<CleanupRun> runs() {
        return List.copyOf(runs);
    }

    public List<CleanupReport> finishedReports() {
        return List.copyOf(finished);
    }

    public List<String> metrics() {
        return List.copyOf(metrics);
    }

    public boolean lockReleased() {
        return releaseCalled;
    }

    public Optional<String> lockHolder() {
        return Optional.ofNullable(lockHolder);
    }

    // ---- CleanupLockPort -----------------------------------------------------------------------------------

    @Override
    public Future<Acquisition> tryAcquire(String holder, String instanceId, Instant now, Duration lease) {
        if (heldBack != null) {
            return heldBack;
        }
        if (lockHolder != null && now.isBefore(lockUntil)) {
            return Future.succeededFuture(new Acquisition.HeldElsewhere(lockInstance, lockSince, lockUntil));
        }
        lockHolder = holder;
        lockInstance = instanceId;
        lockSince = now;
        lockUntil = now.plus(lease);
        return Future.succeededFuture(new Acquisition.Acquired());
    }

    @Override
    public Future<Boolean> renew(String holder, Instant now, Duration lease) {
        if (renewalsBeforeLoss == 0) {
            lockHolder = "other#lock";
            lockInstance = "other";
        } else if (renewalsBeforeLoss > 0) {
            renewalsBeforeLoss--;
        }
        if (!holder.equals(lockHolder)) {
            return Future.succeededFuture(false);
        }
        lockUntil = now.plus(lease);
        return Future.succeededFuture(true);
    }

    @Override
    public Future<Void> release(String holder) {
        releaseCalled = true;
        if (holder.equals(lockHolder)) {
            lockHolder = null;
        }
        return Future.succeededFuture();
    }

    // ---- runs ----------------------------------------------------------------------------------------------

    @Override
    public Future<Long> started(CleanupRun run) {
        runs.add(run);
        return Future.succeededFuture((long) runs.size());
    }

    @Override
    public Future<Integer> closeAbandoned(long currentRunId) {
        return Future.succeededFuture(0);
    }

    @Override
    public Future<Void> progressed(long runId, CleanupReport soFar) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> finished(long runId, CleanupReport report, Instant finishedAt) {
        finished.add(report);
        return Future.succeededFuture();
    }

    @Override
    public Future<CleanupTotals> totals() {
        return Future.succeededFuture(new CleanupTotals(finished.size(), 0, 0, 0, 0, Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    // ---- candidates and moves ------------------------------------------------------------------------------

    @Override
    public Future<Page> expiredExports(Instant cutoff, Optional<PageKey> after, int limit) {
        return page(row -> row.request().status() == DsarStatus.COMPLETED && !row.request().completedAt().isAfter(cutoff),
                row -> row.request().completedAt(), after, limit);
    }

    @Override
    public Future<Page> failedExportsWithFiles(Instant cutoff, Optional<PageKey> after, int limit) {
        return page(row -> row.request().status() == DsarStatus.FAILED && row.request().storagePath() != null
                        && !row.request().failedAt().isAfter(cutoff),
                row -> row.request().failedAt(), after, limit);
    }

    private Future<Page> page(java.util.function.Predicate<Row> candidate, Function<Row, Instant> key,
                              Optional<PageKey> after, int limit) {
        if (candidateFault()) {
            return Future.failedFuture(candidatesFault);
        }
        Comparator<Row> order = Comparator.comparing(key).thenComparingLong(Row::id);
        List<Row> page = rows.values().stream().filter(candidate)
                .filter(row -> after.isEmpty() || isAfter(key.apply(row), row.id(), after.get()))
                .sorted(order).limit(limit).toList();
        PageKey last = page.isEmpty() ? null : new PageKey(key.apply(page.get(page.size() - 1)), page.get(page.size() - 1).id());
        return Future.succeededFuture(new Page(page.stream().map(Row::request).toList(), Optional.ofNullable(last)));
    }

    private boolean candidateFault() {
        return candidatesFault != null;
    }

    private static boolean isAfter(Instant at, long id, PageKey key) {
        int byTime = at.compareTo(key.at());
        return byTime > 0 || (byTime == 0 && id > key.id());
    }

    @Override
    public Future<Set<ReferenceId>> storeAll(List<Move> moves) {
        storedBatches.add(List.copyOf(moves));
        Set<ReferenceId> stored = new HashSet<>();
        for (Move move : moves) {
            Row row = rows.get(move.moved().reference());
            if (row != null && row.request().version() == move.moved().version() - 1) {
                rows.put(move.moved().reference(), new Row(row.id(), keepingDownloads(move.moved(), row.request())));
                stored.add(move.moved().reference());
            }
        }
        return Future.succeededFuture(stored);
    }

    @Override
    public Future<Boolean> store(DsarRequest moved, AuditEvent event) {
        Row row = rows.get(moved.reference());
        if (row == null || row.request().version() != moved.version() - 1) {
            return Future.succeededFuture(false);
        }
        rows.put(moved.reference(), new Row(row.id(), keepingDownloads(moved, row.request())));
        return Future.succeededFuture(true);
    }

    /** Like the database: a move never writes the download counters, which receipts keep without a move. */
    private static DsarRequest keepingDownloads(DsarRequest moved, DsarRequest stored) {
        return new DsarRequest(moved.reference(), moved.userId(), moved.requestedBy(), moved.status(),
                moved.requestedAt(), moved.startedAt(), moved.completedAt(), moved.failedAt(), moved.fileDeletedAt(),
                moved.attempts(), moved.nextAttemptAt(), moved.lease(), moved.storagePath(), moved.exportBytes(),
                moved.exportSha256(), moved.lastError(), stored.downloadCount(), stored.lastDownloadedAt(),
                moved.version());
    }

    @Override
    public Future<List<DsarRequest>> findAbandoned(Instant now, int limit) {
        return Future.succeededFuture(rows.values().stream().map(Row::request)
                .filter(request -> request.status() == DsarStatus.PROCESSING && request.lease().hasExpired(now))
                .sorted(Comparator.comparing((DsarRequest request) -> request.lease().expiresAt()))
                .limit(limit).toList());
    }

    // ---- files ---------------------------------------------------------------------------------------------

    @Override
    public Future<Void> scan(int batchSize, Function<List<StoredExportFile>, Future<Boolean>> onBatch) {
        List<StoredExportFile> all = new ArrayList<>();
        files.forEach((fileName, file) -> ExportFileName.recognise(fileName).ifPresent(name -> all.add(
                new StoredExportFile(name, ROOT.resolve(fileName).toString(), file.bytes(), file.modifiedAt()))));
        return scanFrom(all, 0, batchSize, onBatch);
    }

    private Future<Void> scanFrom(List<StoredExportFile> all, int from, int batchSize,
                                  Function<List<StoredExportFile>, Future<Boolean>> onBatch) {
        if (from >= all.size()) {
            return Future.succeededFuture();
        }
        List<StoredExportFile> batch = all.subList(from, Math.min(all.size(), from + batchSize));
        return onBatch.apply(List.copyOf(batch)).compose(goOn -> goOn ? scanFrom(all, from + batchSize, batchSize, onBatch)
                : Future.succeededFuture());
    }

    @Override
    public Future<List<Ownership>> ownership(List<StoredExportFile> listed) {
        List<Ownership> answers = new ArrayList<>();
        for (StoredExportFile file : listed) {
            boolean referenced = rows.values().stream().anyMatch(row -> file.storagePath().equals(row.request().storagePath()));
            answers.add(new Ownership(referenced, Optional.ofNullable(rows.get(file.name().reference())).map(Row::request)));
        }
        return Future.succeededFuture(answers);
    }

    @Override
    public Future<List<FileRemoval>> removeStored(List<String> storagePaths, boolean dryRun) {
        List<FileRemoval> outcomes = new ArrayList<>();
        for (String storagePath : storagePaths) {
            FileRemoval forced = forcedRemovals.get(storagePath);
            if (forced != null) {
                outcomes.add(forced);
                continue;
            }
            Path path = Path.of(storagePath);
            if (!ROOT.equals(path.getParent())) {
                outcomes.add(new FileRemoval.Refused("outside the export directory"));
                continue;
            }
            outcomes.add(remove(path.getFileName().toString(), dryRun));
        }
        return Future.succeededFuture(outcomes);
    }

    @Override
    public Future<List<FileRemoval>> removeUnchanged(List<StoredExportFile> listed, boolean dryRun) {
        List<FileRemoval> outcomes = new ArrayList<>();
        for (StoredExportFile file : listed) {
            StoredFile now = files.get(file.name().fileName());
            if (now != null && (now.bytes() != file.bytes() || !now.modifiedAt().equals(file.modifiedAt()))) {
                outcomes.add(new FileRemoval.Changed());
            } else {
                outcomes.add(remove(file.name().fileName(), dryRun));
            }
        }
        return Future.succeededFuture(outcomes);
    }

    @Override
    public Future<FileRemoval> removePartial(ExportFileName partial) {
        if (!partial.temporary()) {
            return Future.succeededFuture(new FileRemoval.Refused("not a partial export file name"));
        }
        return Future.succeededFuture(remove(partial.fileName(), false));
    }

    private FileRemoval remove(String fileName, boolean dryRun) {
        StoredFile file = dryRun ? files.get(fileName) : files.remove(fileName);
        return file == null ? new FileRemoval.AlreadyGone() : new FileRemoval.Removed(file.bytes());
    }

    @Override
    public Future<StorageStatistics> statistics() {
        return Future.succeededFuture(new StorageStatistics(files.size(),
                files.values().stream().mapToLong(StoredFile::bytes).sum(), Optional.empty(), Optional.empty()));
    }

    // ---- audit and metrics ---------------------------------------------------------------------------------

    @Override
    public Future<Long> purgeBefore(Instant cutoff, int limit) {
        return Future.succeededFuture(0L);
    }

    @Override
    public Future<Long> countBefore(Instant cutoff) {
        return Future.succeededFuture(0L);
    }

    @Override
    public void cycleCompleted(CleanupReport report, Instant finishedAt) {
        metrics.add("completed");
    }

    @Override
    public void cycleFailed(CleanupReport soFar) {
        metrics.add("failed");
    }

    @Override
    public void cycleSkipped() {
        metrics.add("skipped");
    }
}
