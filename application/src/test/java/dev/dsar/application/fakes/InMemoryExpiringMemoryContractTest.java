package dev.dsar.application.fakes;

import dev.dsar.application.contract.ExpiringMemoryContract;
import dev.dsar.application.port.out.ExpiringMemoryPort;

/** The fake the download tests use keeps the promises the Caffeine adapter keeps. */
class InMemoryExpiringMemoryContractTest extends ExpiringMemoryContract {

    @Override
    protected ExpiringMemoryPort<String, String> memory() {
        return new InMemoryExpiringMemory<>(clock);
    }
}
