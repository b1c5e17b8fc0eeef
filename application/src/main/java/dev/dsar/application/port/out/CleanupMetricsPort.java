package dev.dsar.application.port.out;

import dev.dsar.domain.CleanupReport;
import java.time.Instant;

/** Cleanup's meters: what each cycle deleted, its errors and duration, when it last succeeded. Dry runs are not reported. */
public interface CleanupMetricsPort {

    void cycleCompleted(CleanupReport report, Instant finishedAt);

    /** The cycle stopped on a technical fault; {@code soFar} counts what it did before. */
    void cycleFailed(CleanupReport soFar);

    /** A cycle was not started because another one held the lock. */
    void cycleSkipped();
}
