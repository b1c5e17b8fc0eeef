package dev.dsar.application.fakes;

import dev.dsar.application.contract.CleanupStoreContract;
import dev.dsar.domain.DsarRequest;

/** The fake the cleanup tests use keeps the promises the PostgreSQL adapter keeps. */
class InMemoryCleanupStoreContractTest extends CleanupStoreContract<InMemoryCleanupStore> {

    private final InMemoryCleanupStore store = new InMemoryCleanupStore();

    @Override
    protected InMemoryCleanupStore store() {
        return store;
    }

    @Override
    protected void given(DsarRequest request) {
        store.seed(request);
    }
}
