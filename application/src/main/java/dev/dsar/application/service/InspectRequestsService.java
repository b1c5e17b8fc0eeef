package dev.dsar.application.service;

import dev.dsar.application.port.in.AdminRequestView;
import dev.dsar.application.port.in.InspectRequestsUseCase;
import dev.dsar.application.port.out.LoadAuditTrailPort;
import dev.dsar.application.port.out.LoadRequestPagePort;
import dev.dsar.application.port.out.LoadRequestPagePort.Listed;
import dev.dsar.application.port.out.LoadRequestPagePort.PageKey;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Operators' view of the requests: a page is read one row longer than asked, so that {@code next} is given only
 * when something follows (never a last, empty page).
 */
public final class InspectRequestsService implements InspectRequestsUseCase {

    private final LoadRequestPagePort pages;
    private final LoadRequestPort lookups;
    private final LoadAuditTrailPort audit;
    private final RetentionPolicy retention;
    private final ResponseDeadline deadline;
    private final Clock clock;

    public InspectRequestsService(LoadRequestPagePort pages, LoadRequestPort lookups, LoadAuditTrailPort audit,
                                  RetentionPolicy retention, ResponseDeadline deadline, Clock clock) {
        this.pages = pages;
        this.lookups = lookups;
        this.audit = audit;
        this.retention = retention;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public Future<Page> list(Query query) {
        Instant now = clock.instant();
        LoadRequestPagePort.RequestFilter filter = new LoadRequestPagePort.RequestFilter(query.user(), query.status(),
                retention.expiryCutoff(now));
        return pages.newestFirst(filter, query.after(), query.limit() + 1).map(listed -> {
            List<Listed> shown = listed.size() > query.limit() ? listed.subList(0, query.limit()) : listed;
            Optional<PageKey> next = listed.size() > query.limit()
                    ? Optional.of(shown.get(shown.size() - 1).key()) : Optional.empty();
            return new Page(shown.stream().map(row -> AdminRequestView.of(row.request(), retention, deadline, now))
                    .toList(), next);
        });
    }

    @Override
    public Future<Optional<Detail>> find(ReferenceId reference) {
        return lookups.findByReference(reference).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<Detail>empty());
            }
            AdminRequestView view = AdminRequestView.of(found.get(), retention, deadline, clock.instant());
            return audit.trail(reference, MAX_EVENTS).map(events -> Optional.of(new Detail(view, events)));
        });
    }
}
