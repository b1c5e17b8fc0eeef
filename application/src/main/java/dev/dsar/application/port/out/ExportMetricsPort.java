package dev.dsar.application.port.out;

import java.time.Duration;

/** Counts export attempts and their outcomes for monitoring. Never fails and never blocks. */
public interface ExportMetricsPort {

    void exportStarted();

    void exportCompleted(Duration took, long bytes, long records);

    void exportRetryScheduled(Duration took);

    void exportFailed(Duration took);

    /** Stopped without an outcome: lease lost or the worker shutting down. */
    void exportAbandoned(Duration took);
}
