package dev.dsar.application.port.in;

import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import java.time.Instant;
import java.util.function.Function;

/** How one export attempt ended; {@link #fold} makes every caller handle every case. */
public sealed interface ExportOutcome {

    ReferenceId reference();

    <R> R fold(Function<Completed, R> completed, Function<RetryScheduled, R> retryScheduled,
               Function<Failed, R> failed, Function<Abandoned, R> abandoned);

    /** The package is on disk and the request completed. */
    record Completed(ReferenceId reference, ExportArtifact artifact, long records) implements ExportOutcome {
        @Override
        public <R> R fold(Function<Completed, R> completed, Function<RetryScheduled, R> retryScheduled,
                          Function<Failed, R> failed, Function<Abandoned, R> abandoned) {
            return completed.apply(this);
        }
    }

    /** A fault that may pass: the request waits until {@code retryAt} for its next attempt. */
    record RetryScheduled(ReferenceId reference, String error, Instant retryAt) implements ExportOutcome {
        @Override
        public <R> R fold(Function<Completed, R> completed, Function<RetryScheduled, R> retryScheduled,
                          Function<Failed, R> failed, Function<Abandoned, R> abandoned) {
            return retryScheduled.apply(this);
        }
    }

    /** A permanent fault, or the last attempt spent: the request failed. */
    record Failed(ReferenceId reference, String error) implements ExportOutcome {
        @Override
        public <R> R fold(Function<Completed, R> completed, Function<RetryScheduled, R> retryScheduled,
                          Function<Failed, R> failed, Function<Abandoned, R> abandoned) {
            return failed.apply(this);
        }
    }

    /**
     * Stopped without recording anything (the lease was lost, or the worker is stopping): whoever holds the
     * request now decides its fate, or the lease runs out and it is recovered.
     */
    record Abandoned(ReferenceId reference, String reason) implements ExportOutcome {
        @Override
        public <R> R fold(Function<Completed, R> completed, Function<RetryScheduled, R> retryScheduled,
                          Function<Failed, R> failed, Function<Abandoned, R> abandoned) {
            return abandoned.apply(this);
        }
    }
}
