package dev.dsar.application.port.in;

import dev.dsar.domain.ReferenceId;
import java.util.function.Function;

/** What became of an export request; {@link #fold} makes every caller handle every case. */
public sealed interface RequestExportOutcome {

    <R> R fold(Function<Created, R> created, Function<AlreadyInProgress, R> alreadyInProgress,
               Function<ReferenceTaken, R> referenceTaken);

    /** Recorded and queued for the export worker. */
    record Created(ExportStatusView request) implements RequestExportOutcome {
        @Override
        public <R> R fold(Function<Created, R> created, Function<AlreadyInProgress, R> alreadyInProgress,
                          Function<ReferenceTaken, R> referenceTaken) {
            return created.apply(this);
        }
    }

    /** The user already has a pending or processing request: one at a time. */
    record AlreadyInProgress(ReferenceId activeReference) implements RequestExportOutcome {
        @Override
        public <R> R fold(Function<Created, R> created, Function<AlreadyInProgress, R> alreadyInProgress,
                          Function<ReferenceTaken, R> referenceTaken) {
            return alreadyInProgress.apply(this);
        }
    }

    /** The caller chose a reference id that another request already carries. */
    record ReferenceTaken(ReferenceId reference) implements RequestExportOutcome {
        @Override
        public <R> R fold(Function<Created, R> created, Function<AlreadyInProgress, R> alreadyInProgress,
                          Function<ReferenceTaken, R> referenceTaken) {
            return referenceTaken.apply(this);
        }
    }
}
