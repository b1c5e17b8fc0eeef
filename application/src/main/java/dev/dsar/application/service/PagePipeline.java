package dev.dsar.application.service;

import io.vertx.core.Future;

/**
 * Works through pages in order, pipelined: while one page's work runs, the next page is read and the writes of
 * the two pages before are in flight (each write starting once the one two pages back has said to go on). At
 * most two pages are held and two writes are in flight at any time; the caller makes sure they do not conflict.
 *
 * <p>Each page starts the next and lets go of it ({@link AsyncLoop}): no future waits on the rest of the sweep,
 * since a chain of them would keep every page's data reachable until the end. On a fault, or once a write says
 * to stop, the writes in flight are waited for, so that nothing runs on once the sweep is over.
 *
 * @param <P> a page
 * @param <W> what the work on a page leaves to be written
 */
final class PagePipeline<P, W> {

    /** What a sweep does with its pages. */
    interface Steps<P, W> {
        /** An empty page ends the sweep. */
        boolean isEmpty(P page);

        /** The page after {@code page}, an empty one when {@code page} was the last. */
        Future<P> next(P page);

        /** The page's own work (deleting files, say); its result is written once the writes allow. */
        Future<W> work(P page);

        /** Writes one page's result; {@code false} stops the sweep. */
        Future<Boolean> write(W result);
    }

    private static final Future<Boolean> GO_ON = Future.succeededFuture(true);

    private final Steps<P, W> steps;
    private P page;
    private Future<Boolean> older = GO_ON;
    private Future<Boolean> previous = GO_ON;
    /** Set by the last step: whether the caller goes on, once the writes in flight are over. */
    private Future<Boolean> outcome;

    private PagePipeline(Steps<P, W> steps, P first) {
        this.steps = steps;
        this.page = first;
    }

    /**
     * Sweeps from {@code first}: {@code true} when every page was written, {@code false} when a write said to
     * stop, failed with the first fault once the writes in flight are over.
     */
    static <P, W> Future<Boolean> run(P first, Steps<P, W> steps) {
        PagePipeline<P, W> pipeline = new PagePipeline<>(steps, first);
        return AsyncLoop.whileTrue(pipeline::step).compose(done -> pipeline.outcome);
    }

    private Future<Boolean> step() {
        if (steps.isEmpty(page)) {
            return last(both(older, previous));
        }
        Future<P> next = steps.next(page);
        return steps.work(page).transform((result, workFault) -> {
            if (workFault != null) {
                return last(afterwards(both(older, previous), workFault));
            }
            Future<Boolean> written = older.compose(go -> go ? steps.write(result) : Future.succeededFuture(false));
            return next.transform((nextPage, readFault) -> {
                if (readFault != null) {
                    return last(afterwards(both(previous, written), readFault));
                }
                if (stops(older) || stops(previous)) {
                    return last(both(previous, written));
                }
                older = previous;
                previous = written;
                page = nextPage;
                return GO_ON;
            });
        });
    }

    private Future<Boolean> last(Future<Boolean> settled) {
        outcome = settled;
        page = null;
        return Future.succeededFuture(false);
    }

    /** True once {@code write} failed or said to stop. */
    private static boolean stops(Future<Boolean> write) {
        return write.failed() || (write.succeeded() && !write.result());
    }

    /** Both writes done: whether to go on, or the first fault once both have completed. */
    private static Future<Boolean> both(Future<Boolean> first, Future<Boolean> second) {
        Future<?> joined = Future.join(first, second);
        return joined.map(done -> first.result() && second.result());
    }

    /** Fails with {@code fault} once {@code inFlight} has completed, however it completes. */
    private static <T> Future<T> afterwards(Future<?> inFlight, Throwable fault) {
        return inFlight.transform((ignored, alsoFailed) -> Future.failedFuture(fault));
    }
}
