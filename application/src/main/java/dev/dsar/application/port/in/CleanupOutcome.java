package dev.dsar.application.port.in;

import dev.dsar.domain.CleanupReport;
import java.util.function.Function;

/** What became of a request to run a cleanup cycle; {@link #fold} makes every caller handle every case. */
public sealed interface CleanupOutcome {

    <R> R fold(Function<Ran, R> ran, Function<Busy, R> busy);

    /** The cycle ran (it may have met errors: see the report). */
    record Ran(CleanupReport report) implements CleanupOutcome {
        @Override
        public <R> R fold(Function<Ran, R> ran, Function<Busy, R> busy) {
            return ran.apply(this);
        }
    }

    /** Another cycle is running, on this instance or another one: nothing was done. */
    record Busy(String reason) implements CleanupOutcome {
        @Override
        public <R> R fold(Function<Ran, R> ran, Function<Busy, R> busy) {
            return busy.apply(this);
        }
    }
}
