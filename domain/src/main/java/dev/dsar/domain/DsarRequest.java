package dev.dsar.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A data subject access request and its export, from submission to expiry. The row is the audit trail and
 * is never deleted; only the file goes.
 *
 * <pre>
 * pending → processing → completed → expired
 *              │  ↑  └──→ failed
 *              └──┘ (transient fault with attempts left, or lease lost)
 * </pre>
 *
 * Every move is a method that returns a {@link Transition}: the moved request, or why the move is refused.
 * {@code version} grows with every move so that stores can refuse a stale write. The download counters are
 * not part of the lifecycle: stores add receipts to them without a move, and a move never overwrites them.
 *
 * <p>Over 300 lines on purpose: the lifecycle is one state machine, and its moves and their guards read best
 * side by side; splitting them would scatter the rules that decide which moves are legal.
 */
public record DsarRequest(
        ReferenceId reference,
        UserId userId,
        Actor requestedBy,
        DsarStatus status,
        Instant requestedAt,
        Instant startedAt,
        Instant completedAt,
        Instant failedAt,
        Instant fileDeletedAt,
        int attempts,
        Instant nextAttemptAt,
        Lease lease,
        String storagePath,
        Long exportBytes,
        String exportSha256,
        String lastError,
        long downloadCount,
        Instant lastDownloadedAt,
        long version) {

    /** Attempts an export gets before a transient fault becomes a failure; {@link RetryPolicy} spaces them. */
    public static final int MAX_ATTEMPTS = 3;
    /** {@code last_error} is for operators: short, one line. */
    public static final int MAX_ERROR_LENGTH = 500;

    public DsarRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (attempts < 0 || downloadCount < 0 || version < 0) {
            throw new IllegalArgumentException("counters are never negative");
        }
        if ((status == DsarStatus.PROCESSING) != (lease != null)) {
            throw new IllegalArgumentException("a request holds a lease exactly while it is processing");
        }
        if (status == DsarStatus.COMPLETED
                && (completedAt == null || storagePath == null || exportBytes == null || exportSha256 == null)) {
            throw new IllegalArgumentException("a completed request has its export");
        }
        if (status == DsarStatus.EXPIRED && (completedAt == null || storagePath != null)) {
            throw new IllegalArgumentException("an expired request was completed and has no file any more");
        }
        if (status == DsarStatus.FAILED && failedAt == null) {
            throw new IllegalArgumentException("a failed request records when it failed");
        }
    }

    /** A new request, waiting for the export worker. */
    public static DsarRequest submit(ReferenceId reference, UserId userId, Actor requestedBy, Instant now) {
        return new DsarRequest(reference, userId, requestedBy, DsarStatus.PENDING, now,
                null, null, null, null, 0, null, null, null, null, null, null, 0, null, 0);
    }

    // ---- moves -------------------------------------------------------------------------------------------

    /** The export worker takes the request: one more attempt, under a lease it must renew. */
    public Transition claim(String worker, Instant now, Duration leaseLength) {
        requirePositive(leaseLength);
        if (status != DsarStatus.PENDING) {
            return refuse("claim", "only pending requests are claimed");
        }
        if (nextAttemptAt != null && now.isBefore(nextAttemptAt)) {
            return refuse("claim", "its next attempt is not due yet");
        }
        return moved(claimed(worker, now, leaseLength));
    }

    /**
     * An operator asks for this export now ({@code bin/dsar export}): claimed like {@link #claim}, but without
     * waiting for a retry scheduled later; the attempt still counts.
     */
    public Transition claimOnDemand(String worker, Instant now, Duration leaseLength) {
        requirePositive(leaseLength);
        if (status != DsarStatus.PENDING) {
            return refuse("claim", "only pending requests are claimed");
        }
        return moved(claimed(worker, now, leaseLength));
    }

    /**
     * The request is stamped by the clock of the instance that took it and the claim by the database's clock:
     * a few milliseconds apart, an attempt would seem to start before it was asked for. It never starts earlier.
     */
    private Draft claimed(String worker, Instant now, Duration leaseLength) {
        Instant started = now.isBefore(requestedAt) ? requestedAt : now;
        return edit().status(DsarStatus.PROCESSING).startedAt(started).attempts(attempts + 1)
                .nextAttemptAt(null).lease(new Lease(worker, now.plus(leaseLength)));
    }

    /** The worker still works on it and extends its lease. */
    public Transition renewLease(String worker, Instant now, Duration leaseLength) {
        requirePositive(leaseLength);
        Optional<Transition> refused = refuseUnlessHeldBy(worker, "renew the lease of");
        if (refused.isPresent()) {
            return refused.get();
        }
        return moved(edit().lease(new Lease(worker, now.plus(leaseLength))));
    }

    /** The export is written: the file is there and the clock of retention starts. */
    public Transition complete(String worker, ExportArtifact artifact, Instant now) {
        Optional<Transition> refused = refuseUnlessHeldBy(worker, "complete");
        if (refused.isPresent()) {
            return refused.get();
        }
        return moved(edit().status(DsarStatus.COMPLETED).completedAt(now).lease(null).lastError(null)
                .storagePath(artifact.storagePath()).exportBytes(artifact.bytes()).exportSha256(artifact.sha256()));
    }

    /** A fault that another attempt will not cure (a broken section query, say): failed at once. */
    public Transition fail(String worker, String error, Instant now) {
        Optional<Transition> refused = refuseUnlessHeldBy(worker, "fail");
        if (refused.isPresent()) {
            return refused.get();
        }
        return moved(failed(error, now));
    }

    /**
     * A fault that may pass (database or disk): back to pending until {@code retryAt}, or failed once the
     * last attempt is spent.
     */
    public Transition retryLater(String worker, String error, Instant now, Instant retryAt) {
        Optional<Transition> refused = refuseUnlessHeldBy(worker, "retry");
        if (refused.isPresent()) {
            return refused.get();
        }
        if (attempts >= MAX_ATTEMPTS) {
            return moved(failed(error, now));
        }
        return moved(edit().status(DsarStatus.PENDING).lease(null).nextAttemptAt(retryAt).lastError(trim(error)));
    }

    /** Its worker vanished (the lease ran out): pending again, or failed once the last attempt is spent. */
    public Transition recoverAbandoned(Instant now) {
        if (status != DsarStatus.PROCESSING) {
            return refuse("recover", "only processing requests are recovered");
        }
        if (!lease.hasExpired(now)) {
            return refuse("recover", "its lease is still running");
        }
        String error = "export abandoned: the worker's lease expired after attempt " + attempts;
        if (attempts >= MAX_ATTEMPTS) {
            return moved(failed(error, now));
        }
        return moved(edit().status(DsarStatus.PENDING).lease(null).nextAttemptAt(null).lastError(error));
    }

    /** Retention has passed: the file is deleted and the row says so. */
    public Transition expire(RetentionPolicy policy, Instant now) {
        if (status != DsarStatus.COMPLETED) {
            return refuse("expire", "only completed exports expire");
        }
        if (!policy.isExpired(completedAt, now)) {
            return refuse("expire", "its retention runs until " + policy.expiresAt(completedAt));
        }
        return moved(edit().status(DsarStatus.EXPIRED).storagePath(null).fileDeletedAt(now));
    }

    /**
     * A failed export left a file behind (a partial or unfinished export) and the failed-export retention has
     * passed: the file is deleted and the row forgets it. The request stays failed.
     */
    public Transition discardFailedExportFile(RetentionPolicy policy, Instant now) {
        if (status != DsarStatus.FAILED) {
            return refuse("discard the file of", "only failed exports leave a file to discard");
        }
        if (storagePath == null) {
            return refuse("discard the file of", "it has no file");
        }
        if (!policy.isFailedExportDue(failedAt, now)) {
            return refuse("discard the file of", "its file is kept until " + failedAt.plus(policy.failedRetention()));
        }
        return moved(edit().storagePath(null).fileDeletedAt(now));
    }

    // ---- questions ---------------------------------------------------------------------------------------

    public boolean isOwnedBy(UserId user) {
        return userId.equals(user);
    }

    /** When the file stops being downloadable; only for completed (or expired) exports. */
    public Optional<Instant> expiresAt(RetentionPolicy policy) {
        return completedAt == null ? Optional.empty() : Optional.of(policy.expiresAt(completedAt));
    }

    /** The status as of {@code now}: a completed export past its retention is expired even before cleanup runs. */
    public DsarStatus effectiveStatus(RetentionPolicy policy, Instant now) {
        if (status == DsarStatus.COMPLETED && policy.isExpired(completedAt, now)) {
            return DsarStatus.EXPIRED;
        }
        return status;
    }

    public boolean isDownloadable(RetentionPolicy policy, Instant now) {
        return effectiveStatus(policy, now) == DsarStatus.COMPLETED;
    }

    // ---- internals ---------------------------------------------------------------------------------------

    private Optional<Transition> refuseUnlessHeldBy(String worker, String action) {
        if (status != DsarStatus.PROCESSING) {
            return Optional.of(refuse(action, "it is not being processed"));
        }
        if (!lease.isHeldBy(worker)) {
            return Optional.of(refuse(action, "another worker holds its lease"));
        }
        return Optional.empty();
    }

    private Draft failed(String error, Instant now) {
        return edit().status(DsarStatus.FAILED).lease(null).nextAttemptAt(null).failedAt(now).lastError(trim(error));
    }

    /** One line of at most {@link #MAX_ERROR_LENGTH} characters, never cutting a character in half. */
    private static String trim(String error) {
        return OperatorText.oneLine(error, "export failed", MAX_ERROR_LENGTH);
    }

    private static void requirePositive(Duration leaseLength) {
        if (leaseLength == null || leaseLength.isZero() || leaseLength.isNegative()) {
            throw new IllegalArgumentException("a lease lasts a positive duration");
        }
    }

    private Transition refuse(String action, String reason) {
        return new Transition.Refused(status, action, reason);
    }

    private static Transition moved(Draft draft) {
        return new Transition.Moved(draft.build());
    }

    private Draft edit() {
        return new Draft(this);
    }

    /** A copy being edited by one move; {@link #build()} bumps the version. */
    private static final class Draft {
        private final DsarRequest from;
        private DsarStatus status;
        private Instant startedAt;
        private Instant completedAt;
        private Instant failedAt;
        private Instant fileDeletedAt;
        private int attempts;
        private Instant nextAttemptAt;
        private Lease lease;
        private String storagePath;
        private Long exportBytes;
        private String exportSha256;
        private String lastError;
        private long downloadCount;
        private Instant lastDownloadedAt;

        Draft(DsarRequest from) {
            this.from = from;
            status = from.status;
            startedAt = from.startedAt;
            completedAt = from.completedAt;
            failedAt = from.failedAt;
            fileDeletedAt = from.fileDeletedAt;
            attempts = from.attempts;
            nextAttemptAt = from.nextAttemptAt;
            lease = from.lease;
            storagePath = from.storagePath;
            exportBytes = from.exportBytes;
            exportSha256 = from.exportSha256;
            lastError = from.lastError;
            downloadCount = from.downloadCount;
            lastDownloadedAt = from.lastDownloadedAt;
        }

        Draft status(DsarStatus value) { status = value; return this; }
        Draft startedAt(Instant value) { startedAt = value; return this; }
        Draft completedAt(Instant value) { completedAt = value; return this; }
        Draft failedAt(Instant value) { failedAt = value; return this; }
        Draft fileDeletedAt(Instant value) { fileDeletedAt = value; return this; }
        Draft attempts(int value) { attempts = value; return this; }
        Draft nextAttemptAt(Instant value) { nextAttemptAt = value; return this; }
        Draft lease(Lease value) { lease = value; return this; }
        Draft storagePath(String value) { storagePath = value; return this; }
        Draft exportBytes(Long value) { exportBytes = value; return this; }
        Draft exportSha256(String value) { exportSha256 = value; return this; }
        Draft lastError(String value) { lastError = value; return this; }
        Draft downloadCount(long value) { downloadCount = value; return this; }
        Draft lastDownloadedAt(Instant value) { lastDownloadedAt = value; return this; }

        DsarRequest build() {
            return new DsarRequest(from.reference, from.userId, from.requestedBy, status, from.requestedAt,
                    startedAt, completedAt, failedAt, fileDeletedAt, attempts, nextAttemptAt, lease, storagePath,
                    exportBytes, exportSha256, lastError, downloadCount, lastDownloadedAt, from.version + 1);
        }
    }
}
