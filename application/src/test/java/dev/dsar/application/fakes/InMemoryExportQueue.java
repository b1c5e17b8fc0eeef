package dev.dsar.application.fakes;

import dev.dsar.application.port.out.ClaimExportPort;
import dev.dsar.application.port.out.LoadAbandonedExportsPort;
import dev.dsar.application.port.out.RenewLeasePort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.Transition;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's side of the request table, over {@link InMemoryDsarRequests}: claiming the oldest due pending
 * request (with its {@code export_started} event), lease renewals without an event, abandoned exports. Held to
 * the PostgreSQL adapter by {@link dev.dsar.application.contract.ExportQueueContract}.
 */
public final class InMemoryExportQueue implements ClaimExportPort, RenewLeasePort, LoadAbandonedExportsPort {

    private final InMemoryDsarRequests requests;
    private int renewals;

    public InMemoryExportQueue(InMemoryDsarRequests requests) {
        this.requests = requests;
    }

    @Override
    public Future<Optional<DsarRequest>> claimNext(String worker, Instant now, Duration lease) {
        Optional<DsarRequest> due = requests.all().stream()
                .filter(request -> request.status() == DsarStatus.PENDING)
                .filter(request -> request.nextAttemptAt() == null || !request.nextAttemptAt().isAfter(now))
                .min(Comparator.comparing(DsarRequest::requestedAt));
        if (due.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        Transition claim = due.get().claim(worker, now, lease);
        if (!(claim instanceof Transition.Moved moved)) {
            return Future.succeededFuture(Optional.empty());
        }
        AuditEvent started = AuditEvent.of(moved.request(), AuditAction.EXPORT_STARTED, Actor.system(worker), now,
                Map.of("attempt", moved.request().attempts()));
        return requests.store(moved.request(), started)
                .map(stored -> stored ? Optional.of(moved.request()) : Optional.empty());
    }

    @Override
    public Future<Boolean> renew(DsarRequest renewed) {
        Optional<DsarRequest> stored = requests.get(renewed.reference());
        if (stored.isEmpty() || stored.get().version() != renewed.version() - 1) {
            return Future.succeededFuture(false);
        }
        requests.seed(renewed);
        renewals++;
        return Future.succeededFuture(true);
    }

    @Override
    public Future<List<DsarRequest>> findAbandoned(Instant now, int limit) {
        return Future.succeededFuture(requests.all().stream()
                .filter(request -> request.status() == DsarStatus.PROCESSING && request.lease().hasExpired(now))
                // Like the database: the longest-abandoned first, so that a limited page never starves one.
                .sorted(Comparator.comparing((DsarRequest request) -> request.lease().expiresAt()))
                .limit(limit)
                .toList());
    }

    public int renewals() {
        return renewals;
    }
}
