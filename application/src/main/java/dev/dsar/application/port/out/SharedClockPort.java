package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * The clock every instance reads alike: the database's. Whatever coordinates instances is decided by it (export
 * leases and their expiry, retry times, the cleanup lock, the start and end of recorded cleanup runs), so that
 * hosts whose own clocks disagree still agree on who holds what. An instant read from it only ever lags the
 * database's present: a lease compared with it looks, if anything, younger than it is, never older.
 */
@FunctionalInterface
public interface SharedClockPort {

    Future<Instant> now();
}
