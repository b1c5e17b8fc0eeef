package dev.dsar.application.fakes;

import dev.dsar.application.contract.ExportQueueContract;

/** The fake the worker tests use keeps the promises the PostgreSQL adapter keeps. */
class InMemoryExportQueueContractTest extends ExportQueueContract<InMemoryExportQueue, InMemoryDsarRequests> {

    private final InMemoryDsarRequests requests = new InMemoryDsarRequests();
    private final InMemoryExportQueue queue = new InMemoryExportQueue(requests);

    @Override
    protected InMemoryExportQueue queue() {
        return queue;
    }

    @Override
    protected InMemoryDsarRequests requests() {
        return requests;
    }
}
