package dev.dsar.adapters.http;

import dev.dsar.application.port.in.InspectRequestsUseCase;
import dev.dsar.application.port.in.ViewCleanupRunsUseCase;
import dev.dsar.application.port.out.LoadRequestPagePort.PageKey;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The operators' views: every request (filtered, a page at a time), one request with its events, cleanup runs. */
final class AdminRequestRoutes {

    private static final Set<String> LIST_PARAMETERS = Set.of("status", "user_id", "limit", "cursor");
    private static final String STATUSES = Arrays.stream(DsarStatus.values()).map(DsarStatus::code)
            .collect(Collectors.joining(", "));

    private final InspectRequestsUseCase requests;
    private final ViewCleanupRunsUseCase runs;

    AdminRequestRoutes(InspectRequestsUseCase requests, ViewCleanupRunsUseCase runs) {
        this.requests = requests;
        this.runs = runs;
    }

    /** {@code GET /api/admin/dsar/requests?status=&user_id=&limit=&cursor=}: newest first. */
    void list(RoutingContext ctx) {
        Optional<QueryParameters> parameters = QueryParameters.of(ctx, LIST_PARAMETERS);
        if (parameters.isEmpty()) {
            return;
        }
        Optional<DsarStatus> status = Optional.empty();
        Optional<String> rawStatus = parameters.get().get("status");
        if (rawStatus.isPresent()) {
            status = DsarStatus.fromCode(rawStatus.get());
            if (status.isEmpty()) {
                QueryParameters.refuse(ctx, "Invalid status", "status", "expected one of " + STATUSES);
                return;
            }
        }
        Optional<Long> user = parameters.get().number(ctx, "user_id", 1, Long.MAX_VALUE);
        if (QueryParameters.refused(ctx)) {
            return;
        }
        int limit = parameters.get().number(ctx, "limit", 1, InspectRequestsUseCase.MAX_LIMIT)
                .orElse((long) InspectRequestsUseCase.DEFAULT_LIMIT).intValue();
        if (QueryParameters.refused(ctx)) {
            return;
        }
        Optional<PageKey> after = Optional.empty();
        Optional<String> cursor = parameters.get().get("cursor");
        if (cursor.isPresent()) {
            after = PageCursors.decode(cursor.get());
            if (after.isEmpty()) {
                QueryParameters.refuse(ctx, "Invalid cursor", "cursor", "expected the next_cursor of a previous page");
                return;
            }
        }
        InspectRequestsUseCase.Query query = new InspectRequestsUseCase.Query(
                user.map(UserId::new), status, after, limit);
        requests.list(query).onComplete(listed -> {
            if (listed.failed()) {
                ctx.fail(listed.cause());
                return;
            }
            JsonArray page = new JsonArray();
            listed.result().requests().forEach(view -> page.add(AdminJson.request(view)));
            Responses.ok(ctx, 200, new JsonObject().put("requests", page)
                    .put("next_cursor", listed.result().next().map(PageCursors::encode).orElse(null)));
        });
    }

    /** {@code GET /api/admin/dsar/requests/{ref}}: the request and its audit trail, oldest event first. */
    void find(RoutingContext ctx) {
        Optional<ReferenceId> reference = ReferenceId.parse(ctx.pathParam("ref"));
        if (reference.isEmpty()) {
            Responses.invalidReference(ctx);
            return;
        }
        requests.find(reference.get()).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
            } else if (found.result().isEmpty()) {
                Responses.notFound(ctx);
            } else {
                JsonArray events = new JsonArray();
                found.result().get().events().forEach(event -> events.add(AdminJson.event(event)));
                Responses.ok(ctx, 200, new JsonObject().put("request",
                        AdminJson.request(found.result().get().request()).put("events", events)));
            }
        });
    }

    /** {@code GET /api/admin/dsar/cleanup/runs?limit=N}: the most recent cycles of every instance, newest first. */
    void runs(RoutingContext ctx) {
        Optional<QueryParameters> parameters = QueryParameters.of(ctx, Set.of("limit"));
        if (parameters.isEmpty()) {
            return;
        }
        int limit = parameters.get().number(ctx, "limit", 1, ViewCleanupRunsUseCase.MAX_LIMIT)
                .orElse((long) ViewCleanupRunsUseCase.DEFAULT_LIMIT).intValue();
        if (QueryParameters.refused(ctx)) {
            return;
        }
        runs.recent(limit).onComplete(recent -> {
            if (recent.failed()) {
                ctx.fail(recent.cause());
                return;
            }
            JsonArray list = new JsonArray();
            recent.result().forEach(run -> list.add(AdminJson.run(run)));
            Responses.ok(ctx, 200, new JsonObject().put("runs", list));
        });
    }
}
