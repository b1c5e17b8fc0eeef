package dev.dsar.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dsar.application.port.in.CleanupOutcome;
import dev.dsar.application.port.in.RunCleanupCommand;
import dev.dsar.application.port.in.ViewCleanupStatisticsUseCase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The operators' cleanup endpoints: manual trigger (or dry run), cleanup statistics, storage statistics. */
final class AdminCleanupRoutes {

    private final Function<RunCleanupCommand, Future<CleanupOutcome>> runCleanup;
    private final ViewCleanupStatisticsUseCase statistics;
    private final Supplier<Optional<Instant>> nextRun;

    AdminCleanupRoutes(Function<RunCleanupCommand, Future<CleanupOutcome>> runCleanup,
                       ViewCleanupStatisticsUseCase statistics, Supplier<Optional<Instant>> nextRun) {
        this.runCleanup = runCleanup;
        this.statistics = statistics;
        this.nextRun = nextRun;
    }

    /** The trigger's body; {@code dry_run} absent means a real cycle (an explicit null is refused). */
    record CleanupBody(@JsonProperty("dry_run") Boolean dryRun) {
    }

    /** {@code POST /api/admin/dsar/cleanup} with {@code {"dry_run":true|false}} (no body: a real cycle). */
    void run(RoutingContext ctx) {
        Optional<CleanupBody> body = JsonBodies.read(ctx, CleanupBody.class);
        if (body.isEmpty()) {
            return;
        }
        RunCleanupCommand command = RunCleanupCommand.byAdmin(BearerAuthentication.caller(ctx).userId(),
                Boolean.TRUE.equals(body.get().dryRun()));
        runCleanup.apply(command).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            result.result().fold(
                    ran -> {
                        Responses.ok(ctx, 200, new JsonObject().put("report", CleanupJson.report(ran.report())));
                        return null;
                    },
                    busy -> {
                        Responses.json(ctx, 409, Responses.error("Cleanup already in progress").put("reason", busy.reason()));
                        return null;
                    });
        });
    }

    /**
     * {@code GET /api/admin/dsar/cleanup/stats}: summed over every instance and restart, with when this
     * instance's timer runs its next cycle ({@code next_run}, null when cycles run only on demand).
     */
    void cycles(RoutingContext ctx) {
        answer(ctx, statistics.cycles(), "stats", totals -> CleanupJson.totals(totals)
                .put("next_run", nextRun.get().map(ExportJson::iso).orElse(null)));
    }

    /** {@code GET /api/admin/dsar/storage}: what the export directory holds now. */
    void storage(RoutingContext ctx) {
        answer(ctx, statistics.storage(), "storage", CleanupJson::storage);
    }

    /** 200 with {@code {"ok":true,"<key>":…}} once {@code figures} are in; a failure goes to the error handler. */
    private static <T> void answer(RoutingContext ctx, Future<T> figures, String key, Function<T, JsonObject> json) {
        figures.onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
            } else {
                Responses.ok(ctx, 200, new JsonObject().put(key, json.apply(result.result())));
            }
        });
    }
}
