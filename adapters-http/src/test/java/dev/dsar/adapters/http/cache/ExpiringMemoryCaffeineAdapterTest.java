package dev.dsar.adapters.http.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.contract.ExpiringMemoryContract;
import dev.dsar.application.port.out.ExpiringMemoryPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiringMemoryCaffeineAdapterTest extends ExpiringMemoryContract {

    private static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Override
    protected ExpiringMemoryPort<String, String> memory() {
        return new ExpiringMemoryCaffeineAdapter<>("test", 100, clock, registry);
    }

    @Test
    void fillingPastTheBoundEvictsSomeEntriesInsteadOfForgettingThemAll() {
        ExpiringMemoryCaffeineAdapter<String, String> memory = new ExpiringMemoryCaffeineAdapter<>("test", 1_000, clock, registry);
        for (int i = 0; i < 1_500; i++) {
            memory.remember("k" + i, "v" + i, FAR);
        }

        assertThat(memory.size()).isBetween(900L, 1_000L);
    }

    @Test
    void hitsAndMissesAreCountedForTheMetrics() {
        ExpiringMemoryPort<String, String> memory = new ExpiringMemoryCaffeineAdapter<>("decisions", 10, clock, registry);
        memory.remember("a", "alpha", FAR);

        memory.recall("a");
        memory.recall("b");

        assertThat(registry.get("cache.gets").tag("cache", "decisions").tag("result", "hit").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("cache.gets").tag("cache", "decisions").tag("result", "miss").functionCounter().count()).isEqualTo(1);
    }
}
