package dev.dsar.application.port.in;

import dev.dsar.application.port.out.LoadAuditTrailPort.AuditEntry;
import dev.dsar.application.port.out.LoadRequestPagePort.PageKey;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** An operator looks at every user's requests, and at one request with its audit trail. */
public interface InspectRequestsUseCase {

    /** Requests shown at most per page, and by default. */
    int MAX_LIMIT = 500;
    int DEFAULT_LIMIT = 50;
    /** Audit events shown with a request at most (oldest first). */
    int MAX_EVENTS = 1000;

    Future<Page> list(Query query);

    /** Empty when unknown. */
    Future<Optional<Detail>> find(ReferenceId reference);

    /** One user's or everyone's, of one (effective) status or all, after a page's {@code next} key. */
    record Query(Optional<UserId> user, Optional<DsarStatus> status, Optional<PageKey> after, int limit) {
        public Query {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " requests");
            }
        }
    }

    /** {@code next} is empty when there is nothing after this page. */
    record Page(List<AdminRequestView> requests, Optional<PageKey> next) {
        public Page {
            requests = List.copyOf(requests);
        }
    }

    record Detail(AdminRequestView request, List<AuditEntry> events) {
        public Detail {
            events = List.copyOf(events);
        }
    }
}
