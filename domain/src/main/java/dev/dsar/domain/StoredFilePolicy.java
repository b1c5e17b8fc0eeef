package dev.dsar.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What cleanup may do with a file it found in the export directory under an export name ({@code .zip} or
 * {@code .zip.part}), given what the database knows of it: whether a request's stored path names this very
 * file, and the request whose reference the name carries, if there is one.
 *
 * <ul>
 *   <li>A file a request points at is never a stray: that request's own rule (expiry, failed retention) decides.
 *   <li>The request is processing: the file is being written or about to be recorded; it is never touched.
 *   <li>A partial file of a failed request goes once the failed-export retention has passed, and not before.
 *   <li>Anything else is an orphan (no request, or a request in another state that does not point at it): it
 *       goes once its last modification is at least {@code orphanGrace} old, so that a file written a moment
 *       ago by an export still in flight on another instance is left alone.
 * </ul>
 */
public record StoredFilePolicy(RetentionPolicy retention, Duration orphanGrace) {

    /** Longer than any export takes to write its file, so that no file in flight looks orphaned. */
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);

    public enum Verdict {
        KEEP,
        DELETE_FAILED_EXPORT_FILE,
        DELETE_ORPHAN
    }

    public StoredFilePolicy {
        Objects.requireNonNull(retention, "retention");
        if (orphanGrace == null || orphanGrace.isNegative() || orphanGrace.isZero()) {
            throw new IllegalArgumentException("the orphan grace must be a positive duration");
        }
    }

    public Verdict judge(ExportFileName name, Instant modifiedAt, boolean referenced, Optional<DsarRequest> owner,
                         Instant now) {
        if (referenced) {
            return Verdict.KEEP;
        }
        if (owner.isPresent()) {
            DsarRequest request = owner.get();
            if (!request.reference().equals(name.reference())) {
                throw new IllegalArgumentException("the owner of " + name + " is the request " + name.reference());
            }
            if (request.status() == DsarStatus.PROCESSING) {
                return Verdict.KEEP;
            }
            if (name.temporary() && request.status() == DsarStatus.FAILED) {
                return retention.isFailedExportDue(request.failedAt(), now)
                        ? Verdict.DELETE_FAILED_EXPORT_FILE : Verdict.KEEP;
            }
        }
        return isPastGrace(modifiedAt, now) ? Verdict.DELETE_ORPHAN : Verdict.KEEP;
    }

    /** Modified at least {@code orphanGrace} ago; a modification time in the future (clock skew) is never past. */
    public boolean isPastGrace(Instant modifiedAt, Instant now) {
        return !now.isBefore(modifiedAt.plus(orphanGrace));
    }
}
