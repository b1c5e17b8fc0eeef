package dev.dsar.application.fakes;

import dev.dsar.application.port.out.SharedClockPort;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A clock that tests move by hand: time only passes when a test says so. It is also the shared (database) clock
 * of the services under test, unless a test gives them another one. Safe to read from any thread: the services
 * of the end-to-end tests read it on event loops while the test moves it.
 */
public final class MutableClock extends Clock implements SharedClockPort {

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /**
     * Runs {@code action} with this clock moved {@code ahead}, then puts it back where it stood, whatever the action
     * did: for one call in the future (an expiry, a retention) while the rest of the test stays at the present.
     */
    public <T> T movedAhead(Duration ahead, Supplier<T> action) {
        Instant before = now;
        set(before.plus(ahead));
        try {
            return action.get();
        } finally {
            set(before);
        }
    }

    /** {@link #movedAhead(Duration, Supplier)} for an action that returns nothing. */
    public void movedAhead(Duration ahead, Runnable action) {
        movedAhead(ahead, () -> {
            action.run();
            return null;
        });
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public Future<Instant> now() {
        return Future.succeededFuture(now);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** A view in another zone that follows every later move of this clock. */
    @Override
    public Clock withZone(ZoneId zone) {
        MutableClock self = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return self.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }
        };
    }
}
