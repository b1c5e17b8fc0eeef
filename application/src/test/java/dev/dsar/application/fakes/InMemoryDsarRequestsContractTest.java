package dev.dsar.application.fakes;

import dev.dsar.application.contract.RequestStoreContract;

/** The fake the service tests use keeps the promises the PostgreSQL adapter keeps. */
class InMemoryDsarRequestsContractTest extends RequestStoreContract<InMemoryDsarRequests> {

    private final InMemoryDsarRequests store = new InMemoryDsarRequests();

    @Override
    protected InMemoryDsarRequests store() {
        return store;
    }
}
