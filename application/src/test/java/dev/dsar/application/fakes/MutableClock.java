package dev.dsar.application.fakes;

import dev.dsar.application.port.out.SharedClockPort;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that tests move by hand: time only passes when a test says so. It is also the shared (database) clock
 * of the services under test, unless a test gives them another one.
 */
public final class MutableClock extends Clock implements SharedClockPort {

    private Instant now;
    private final ZoneId zone;

    public MutableClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private MutableClock(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start, "start");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
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
        return zone;
    }

    /** A view in another zone; it does not follow later moves of this clock (tests never need one). */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(now, newZone);
    }
}
