package dev.dsar.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.port.out.ExpiringMemoryPort;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What an expiring memory promises (a value until its own expiry, never after; forgotten on request), asserted
 * once and run against the in-memory fake and the Caffeine adapter.
 */
public abstract class ExpiringMemoryContract {

    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

    protected final MutableClock clock = new MutableClock(T0);

    /** An empty memory, reading time from {@link #clock}, holding at least a few entries. */
    protected abstract ExpiringMemoryPort<String, String> memory();

    @Test
    void aValueIsRecalledUntilItsExpiryAndNotFromThatInstantOn() {
        ExpiringMemoryPort<String, String> memory = memory();
        memory.remember("a", "alpha", T0.plusSeconds(60));

        clock.set(T0.plusSeconds(59));
        assertThat(memory.recall("a")).isEqualTo("alpha");
        clock.set(T0.plusSeconds(60));
        assertThat(memory.recall("a")).isNull();
    }

    @Test
    void eachValueKeepsItsOwnExpiry() {
        ExpiringMemoryPort<String, String> memory = memory();
        memory.remember("soon", "1", T0.plus(Duration.ofMinutes(1)));
        memory.remember("later", "2", T0.plus(Duration.ofDays(30)));

        clock.advance(Duration.ofHours(1));

        assertThat(memory.recall("soon")).isNull();
        assertThat(memory.recall("later")).isEqualTo("2");
    }

    @Test
    void aForgottenValueIsNotRecalledAndAnUnknownKeyIsNull() {
        ExpiringMemoryPort<String, String> memory = memory();
        memory.remember("a", "alpha", T0.plusSeconds(60));

        memory.forget("a");

        assertThat(memory.recall("a")).isNull();
        assertThat(memory.recall("never")).isNull();
    }

    @Test
    void rememberingAgainReplacesTheValueAndItsExpiry() {
        ExpiringMemoryPort<String, String> memory = memory();
        memory.remember("a", "old", T0.plusSeconds(10));
        memory.remember("a", "new", T0.plusSeconds(100));

        clock.set(T0.plusSeconds(50));

        assertThat(memory.recall("a")).isEqualTo("new");
    }
}
