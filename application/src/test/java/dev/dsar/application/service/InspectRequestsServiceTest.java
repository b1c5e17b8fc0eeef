package dev.dsar.application.service;

import static dev.dsar.application.fakes.Futures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.InMemoryDsarRequests;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.fakes.TestRequests;
import dev.dsar.application.port.in.InspectRequestsUseCase;
import dev.dsar.application.port.in.InspectRequestsUseCase.Page;
import dev.dsar.application.port.in.InspectRequestsUseCase.Query;
import dev.dsar.application.port.out.JsonText;
import dev.dsar.application.port.out.LoadAuditTrailPort.AuditEntry;
import dev.dsar.application.port.out.LoadRequestPagePort;
import dev.dsar.application.port.out.LoadRequestPagePort.Listed;
import dev.dsar.application.port.out.LoadRequestPagePort.PageKey;
import dev.dsar.application.port.out.LoadRequestPagePort.RequestFilter;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.ResponseDeadline;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The page rules, over a stub that answers what it is given (the SQL itself: OperatorViewsPostgresAdapterIT). */
class InspectRequestsServiceTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final UserId ALICE = new UserId(42);
    static final RetentionPolicy POLICY = RetentionPolicy.ofDays(30);

    final MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(1)));
    final InMemoryDsarRequests lookups = new InMemoryDsarRequests();
    final List<DsarRequest> rows = new ArrayList<>();
    final List<RequestFilter> filters = new ArrayList<>();
    final List<Integer> limits = new ArrayList<>();
    final LoadRequestPagePort pages = (filter, after, limit) -> {
        filters.add(filter);
        limits.add(limit);
        List<Listed> listed = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            listed.add(new Listed(rows.get(i), new PageKey(rows.get(i).requestedAt(), i + 1)));
        }
        return Future.succeededFuture(listed);
    };
    final List<Integer> trailLimits = new ArrayList<>();
    final InspectRequestsService service = new InspectRequestsService(pages, lookups, (reference, limit) -> {
        trailLimits.add(limit);
        return Future.succeededFuture(List.of(new AuditEntry("requested", "subject:42", T0, new JsonText("{}"))));
    }, POLICY, ResponseDeadline.defaults(), clock);

    void seed(int count) {
        for (int i = 0; i < count; i++) {
            rows.add(TestRequests.failed(new ReferenceId("r" + i), ALICE, T0));
        }
    }

    Page list(int limit) {
        return done(service.list(new Query(Optional.of(ALICE), Optional.of(DsarStatus.FAILED), Optional.empty(), limit)));
    }

    @Test
    void onePageMoreIsReadThanShownSoThatTheLastPageHasNoNext() {
        seed(3);

        Page exact = list(3);
        Page shorter = list(2);

        assertThat(limits).containsExactly(4, 3);
        assertThat(exact.requests()).hasSize(3);
        assertThat(exact.next()).isEmpty();
        assertThat(shorter.requests()).hasSize(2);
        assertThat(shorter.next()).contains(new PageKey(T0, 2));
    }

    @Test
    void theFilterCarriesTheExpiryCutoffOfTheRetentionInForce() {
        list(10);

        assertThat(filters).containsExactly(new RequestFilter(Optional.of(ALICE), Optional.of(DsarStatus.FAILED),
                clock.instant().minus(POLICY.retention())));
    }

    @Test
    void eachRequestShowsItsOperationalFieldsAndDueDate() {
        seed(1);

        var view = list(1).requests().get(0);

        assertThat(view.attempts()).isEqualTo(rows.get(0).attempts());
        assertThat(view.lastError()).isEqualTo(Optional.ofNullable(rows.get(0).lastError()));
        assertThat(view.request().dueAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(view.overdue()).isFalse();
    }

    @Test
    void oneRequestComesWithItsTrailAndAnUnknownOneIsEmpty() {
        lookups.seed(TestRequests.failed(new ReferenceId("known"), ALICE, T0));

        var detail = done(service.find(new ReferenceId("known")));

        assertThat(detail).isPresent();
        assertThat(detail.get().events()).extracting(AuditEntry::action).containsExactly("requested");
        assertThat(trailLimits).containsExactly(InspectRequestsUseCase.MAX_EVENTS);
        assertThat(done(service.find(new ReferenceId("unknown")))).isEmpty();
    }
}
