package dev.dsar.application.port.in;

import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import java.util.function.Function;

/** What an operator's "export this request now" came to; {@link #fold} makes every caller handle every case. */
public sealed interface ExportNowOutcome {

    <R> R fold(Function<Attempted, R> attempted, Function<AlreadyExported, R> alreadyExported,
               Function<NotExportable, R> notExportable);

    /** The request was claimed and exported (or the attempt failed: see the outcome). */
    record Attempted(ExportOutcome outcome) implements ExportNowOutcome {
        @Override
        public <R> R fold(Function<Attempted, R> attempted, Function<AlreadyExported, R> alreadyExported,
                          Function<NotExportable, R> notExportable) {
            return attempted.apply(this);
        }
    }

    /** Completed earlier and its file is in place: nothing generated again. */
    record AlreadyExported(ReferenceId reference, ExportArtifact artifact) implements ExportNowOutcome {
        @Override
        public <R> R fold(Function<Attempted, R> attempted, Function<AlreadyExported, R> alreadyExported,
                          Function<NotExportable, R> notExportable) {
            return alreadyExported.apply(this);
        }
    }

    /** Nothing to do for this request; {@code detail} says why, for an operator. */
    record NotExportable(ReferenceId reference, Reason reason, String detail) implements ExportNowOutcome {
        @Override
        public <R> R fold(Function<Attempted, R> attempted, Function<AlreadyExported, R> alreadyExported,
                          Function<NotExportable, R> notExportable) {
            return notExportable.apply(this);
        }
    }

    enum Reason {
        /** No request has this reference. */
        NOT_FOUND,
        /** Another worker is exporting it under a running lease. */
        IN_PROGRESS,
        /** The request failed for good; a new request is needed. */
        FAILED,
        /** The export's retention has passed; a new request is needed. */
        EXPIRED,
        /** Completed, but its file is not in the export directory any more. */
        FILE_MISSING
    }
}
