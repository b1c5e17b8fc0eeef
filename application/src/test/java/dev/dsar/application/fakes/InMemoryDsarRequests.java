package dev.dsar.application.fakes;

import dev.dsar.application.contract.RequestStoreContract;
import dev.dsar.application.port.out.InsertRequestPort;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request table and its audit trail in memory, keeping the promises of the ports: one active (pending or
 * processing) request per user, unique references, a move is stored only over the version it started from,
 * and a request or move is written together with its audit event or not at all. Every answer is an already
 * completed future. Held to the PostgreSQL adapter by {@link RequestStoreContract}.
 */
public final class InMemoryDsarRequests implements InsertRequestPort, LoadRequestPort, StoreTransitionPort {

    private int unreachable;

    private record Row(DsarRequest request, long insertedAs) {
    }

    private final Map<ReferenceId, Row> rows = new HashMap<>();
    private final List<AuditEvent> events = new ArrayList<>();
    private long inserts;
    private int writes;

    // ---- ports -------------------------------------------------------------------------------------------

    @Override
    public Future<InsertOutcome> insert(DsarRequest request, AuditEvent requested) {
        requireSameRequest(request, requested);
        // Like the database adapter: the user's active request wins over a taken reference.
        Optional<DsarRequest> active = rows.values().stream().map(Row::request)
                .filter(row -> row.isOwnedBy(request.userId()) && row.status().isActive())
                .findFirst();
        if (active.isPresent()) {
            return Future.succeededFuture(new InsertOutcome.ActiveRequestExists(active.get().reference()));
        }
        if (rows.containsKey(request.reference())) {
            return Future.succeededFuture(new InsertOutcome.ReferenceTaken(request.reference()));
        }
        rows.put(request.reference(), new Row(request, ++inserts));
        events.add(requested);
        writes++;
        return Future.succeededFuture(new InsertOutcome.Inserted(request));
    }

    @Override
    public Future<Optional<DsarRequest>> findByReference(ReferenceId reference) {
        if (unreachable > 0) {
            return Future.failedFuture(new IllegalStateException("connection refused"));
        }
        return Future.succeededFuture(Optional.ofNullable(rows.get(reference)).map(Row::request));
    }

    @Override
    public Future<List<DsarRequest>> listByUser(UserId user) {
        List<DsarRequest> own = rows.values().stream()
                .filter(row -> row.request().isOwnedBy(user))
                .sorted(Comparator.comparing((Row row) -> row.request().requestedAt())
                        .thenComparingLong(Row::insertedAs).reversed())
                .limit(RequestStoreContract.LIST_LIMIT)
                .map(Row::request)
                .toList();
        return Future.succeededFuture(own);
    }

    @Override
    public Future<Boolean> store(DsarRequest moved, AuditEvent event) {
        if (unreachable > 0) {
            unreachable--;
            return Future.failedFuture(new IllegalStateException("connection refused"));
        }
        requireSameRequest(moved, event);
        Row stored = rows.get(moved.reference());
        if (stored == null || stored.request().version() != moved.version() - 1) {
            return Future.succeededFuture(false);
        }
        if (!stored.request().userId().equals(moved.userId())) {
            throw new IllegalArgumentException("a move never changes the owner of a request");
        }
        rows.put(moved.reference(), new Row(moved, stored.insertedAs()));
        events.add(event);
        writes++;
        return Future.succeededFuture(true);
    }

    // ---- for tests ---------------------------------------------------------------------------------------

    /** The next {@code stores} writes fail as if the database were down, and so do reads meanwhile. */
    public void unreachableFor(int stores) {
        unreachable = stores;
    }

    /** Puts a row in place as if it had got there earlier, without an audit event (test setup). */
    public DsarRequest seed(DsarRequest request) {
        Row previous = rows.get(request.reference());
        rows.put(request.reference(), new Row(request, previous == null ? ++inserts : previous.insertedAs()));
        return request;
    }

    /** Removes the row, so that any later answer about it must come from somewhere else (a cache). */
    public void forget(ReferenceId reference) {
        rows.remove(reference);
    }

    public Optional<DsarRequest> get(ReferenceId reference) {
        return Optional.ofNullable(rows.get(reference)).map(Row::request);
    }

    public DsarRequest require(ReferenceId reference) {
        return get(reference).orElseThrow(() -> new AssertionError("no request " + reference));
    }

    /** Every request, in insertion order. */
    public List<DsarRequest> all() {
        return rows.values().stream().sorted(Comparator.comparingLong(Row::insertedAs)).map(Row::request).toList();
    }

    public int size() {
        return rows.size();
    }

    /** Inserts and stored moves since the start (seeding is not counted). */
    public int writes() {
        return writes;
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    public List<AuditEvent> events(AuditAction action) {
        return events.stream().filter(event -> event.action() == action).toList();
    }

    private static void requireSameRequest(DsarRequest request, AuditEvent event) {
        if (!event.reference().equals(request.reference()) || !event.userId().equals(request.userId())) {
            throw new IllegalArgumentException("the audit event " + event + " is not about " + request.reference());
        }
    }
}
