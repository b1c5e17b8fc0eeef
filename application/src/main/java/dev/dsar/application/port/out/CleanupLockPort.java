package dev.dsar.application.port.out;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * The one cleanup lock shared by every instance: a lease that its holder renews while it works and that runs
 * out by itself if the holder dies. {@code holder} names one cycle (unique); {@code instanceId} is shown to
 * whoever finds the lock taken.
 */
public interface CleanupLockPort {

    /** Takes the lock if it is free or its lease has run out at {@code now}. */
    Future<Acquisition> tryAcquire(String holder, String instanceId, Instant now, Duration lease);

    /** Extends the lease; {@code false} if {@code holder} no longer holds it (it ran out and someone took it). */
    Future<Boolean> renew(String holder, Instant now, Duration lease);

    /** Frees the lock if {@code holder} still holds it; otherwise does nothing. */
    Future<Void> release(String holder);

    sealed interface Acquisition {
        record Acquired() implements Acquisition {
        }

        /** Someone else holds it: which instance, since when and until when unless renewed. */
        record HeldElsewhere(String instanceId, Instant since, Instant until) implements Acquisition {
        }
    }
}
