package dev.dsar.application.fakes;

import dev.dsar.application.port.out.ExportMetricsPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Remembers which outcomes were counted, in order. */
public final class RecordingExportMetrics implements ExportMetricsPort {

    private final List<String> events = new ArrayList<>();

    @Override
    public void exportStarted() {
        events.add("started");
    }

    @Override
    public void exportCompleted(Duration took, long bytes, long records) {
        events.add("completed");
    }

    @Override
    public void exportRetryScheduled(Duration took) {
        events.add("retry");
    }

    @Override
    public void exportFailed(Duration took) {
        events.add("failed");
    }

    @Override
    public void exportAbandoned(Duration took) {
        events.add("abandoned");
    }

    public List<String> events() {
        return List.copyOf(events);
    }
}
