package dev.dsar.adapters.persistence;

import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Requests looked up by reference, many per round trip. Each event loop has its own lane: a lookup is sent at
 * once while fewer than {@link #IN_FLIGHT} queries are out; beyond that, lookups wait and the next query to go
 * carries all of them (up to {@link #BATCH}), {@code WHERE gdpr_reference_id = ANY($1)}. An idle service pays no
 * delay; a busy one sends one query for dozens of downloads instead of queueing one per download for a pooled
 * connection (a pool lends a connection to one query at a time, so its pipelining never fills).
 *
 * <p>A lane is touched only by its event loop's thread, so it needs no lock, and every answer completes on the
 * loop that asked. Lookups from elsewhere (a worker thread, no context) are sent alone.
 */
final class ReferenceLookups {

    /** Queries out at once per event loop before lookups start to gather. */
    static final int IN_FLIGHT = 4;
    /** References in one query at most. */
    static final int BATCH = 256;

    private final Function<List<String>, Future<List<DsarRequest>>> query;

    /** {@code query}: the requests among the given references, in any order; unknown ones are simply absent. */
    ReferenceLookups(Function<List<String>, Future<List<DsarRequest>>> query) {
        this.query = query;
    }

    Future<Optional<DsarRequest>> find(ReferenceId reference) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return query.apply(List.of(reference.value())).map(found -> found.stream().findFirst());
        }
        Lane lane = context.get(this);
        if (lane == null) {
            lane = new Lane();
            context.put(this, lane);
        }
        return lane.find(reference);
    }

    private record Waiting(String reference, Promise<Optional<DsarRequest>> answer) {
    }

    private final class Lane {
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        private int inFlight;

        Future<Optional<DsarRequest>> find(ReferenceId reference) {
            Promise<Optional<DsarRequest>> answer = Promise.promise();
            waiting.add(new Waiting(reference.value(), answer));
            if (inFlight < IN_FLIGHT) {
                send();
            }
            return answer.future();
        }

        private void send() {
            List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), BATCH));
            List<String> references = new ArrayList<>(batch.size());
            while (!waiting.isEmpty() && batch.size() < BATCH) {
                Waiting next = waiting.poll();
                batch.add(next);
                references.add(next.reference());
            }
            inFlight++;
            Future<List<DsarRequest>> sent;
            try {
                sent = query.apply(references);
            } catch (RuntimeException refused) {
                sent = Future.failedFuture(refused);
            }
            sent.onComplete(result -> {
                inFlight--;
                if (result.succeeded()) {
                    Map<String, DsarRequest> found = new HashMap<>();
                    for (DsarRequest request : result.result()) {
                        found.put(request.reference().value(), request);
                    }
                    for (Waiting one : batch) {
                        one.answer().complete(Optional.ofNullable(found.get(one.reference())));
                    }
                } else {
                    for (Waiting one : batch) {
                        one.answer().fail(result.cause());
                    }
                }
                if (!waiting.isEmpty() && inFlight < IN_FLIGHT) {
                    send();
                }
            });
        }
    }
}
