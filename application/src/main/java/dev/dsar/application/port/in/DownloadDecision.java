package dev.dsar.application.port.in;

import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * What a download request gets. Every case is an expected answer; a failed future is a technical fault.
 * {@link #fold} makes every caller handle every case (the compiler checks it).
 */
public sealed interface DownloadDecision {

    <R> R fold(Function<Ready, R> ready, Function<NotReady, R> notReady, Function<Expired, R> expired,
               Function<NotFound, R> notFound, Function<FileMissing, R> fileMissing);

    /**
     * Send this export. {@code file} comes from the export directory and a generated name, never from input; it is
     * null when the export is kept in a store without local files, where {@code storagePath} names it.
     */
    record Ready(ReferenceId reference, UserId owner, Path file, String storagePath, long bytes, String sha256,
                 Instant expiresAt) implements DownloadDecision {

        /** An export file in the export directory. */
        public Ready(ReferenceId reference, UserId owner, Path file, long bytes, String sha256, Instant expiresAt) {
            this(reference, owner, file, file.toString(), bytes, sha256, expiresAt);
        }

        /** True when the export is a local file that can be sent as such. */
        public boolean local() {
            return file != null;
        }

        @Override
        public <R> R fold(Function<Ready, R> ready, Function<NotReady, R> notReady, Function<Expired, R> expired,
                          Function<NotFound, R> notFound, Function<FileMissing, R> fileMissing) {
            return ready.apply(this);
        }
    }

    /** Not (yet) downloadable: pending, processing or failed. */
    record NotReady(DsarStatus status) implements DownloadDecision {
        @Override
        public <R> R fold(Function<Ready, R> ready, Function<NotReady, R> notReady, Function<Expired, R> expired,
                          Function<NotFound, R> notFound, Function<FileMissing, R> fileMissing) {
            return notReady.apply(this);
        }
    }

    /** Retention has passed; the file is gone (or is being deleted now). {@code retention} is the one in force. */
    record Expired(Duration retention) implements DownloadDecision {
        public Expired(long retentionDays) {
            this(Duration.ofDays(retentionDays));
        }

        /** Whole days, as the contract's {@code retention_days} (0 for a retention under a day). */
        public long retentionDays() {
            return retention.toDays();
        }

        @Override
        public <R> R fold(Function<Ready, R> ready, Function<NotReady, R> notReady, Function<Expired, R> expired,
                          Function<NotFound, R> notFound, Function<FileMissing, R> fileMissing) {
            return expired.apply(this);
        }
    }

    /** Unknown, or not the caller's: the two look the same from outside. */
    record NotFound() implements DownloadDecision {
        @Override
        public <R> R fold(Function<Ready, R> ready, Function<NotReady, R> notReady, Function<Expired, R> expired,
                          Function<NotFound, R> notFound, Function<FileMissing, R> fileMissing) {
            return notFound.apply(this);
        }
    }

    /** Completed and within retention, but the file is not there: a fault to log and count. */
    record FileMissing(ReferenceId reference) implements DownloadDecision {
        @Override
        public <R> R fold(Function<Ready, R> ready, Function<NotReady, R> notReady, Function<Expired, R> expired,
                          Function<NotFound, R> notFound, Function<FileMissing, R> fileMissing) {
            return fileMissing.apply(this);
        }
    }
}
