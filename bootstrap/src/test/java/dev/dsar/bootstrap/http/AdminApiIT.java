package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admin views of contract §7.2 against a real service: every request, one with its events, cleanup runs. */
class AdminApiIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    private static final String REQUESTS = "/api/admin/dsar/requests";

    private static String admin() {
        return dsar.adminToken(dsar.newUser());
    }

    private static JsonObject ok(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getBoolean("ok")).isTrue();
        return body;
    }

    private static List<String> references(JsonObject page) {
        List<String> references = new ArrayList<>();
        page.getJsonArray("requests").forEach(request -> references.add(((JsonObject) request).getString("reference_id")));
        return references;
    }

    @Test
    void theListShowsEachRequestWithItsOperationalFieldsNewestFirst() {
        UserId user = dsar.newUser();
        Export completed = dsar.completedExport(user, 100);
        dsar.clock().advance(Duration.ofSeconds(1));
        DsarRequest failed = dsar.requestIn(user, DsarStatus.FAILED);

        JsonObject page = ok(dsar.get(REQUESTS + "?user_id=" + user.value(), admin()));

        assertThat(references(page)).containsExactly(failed.reference().value(), completed.reference().value());
        assertThat(page.getValue("next_cursor")).isNull();
        JsonObject newest = page.getJsonArray("requests").getJsonObject(0);
        assertThat(newest.getString("status")).isEqualTo("failed");
        assertThat(newest.getLong("user_id")).isEqualTo(user.value());
        assertThat(newest.getString("requested_by")).isEqualTo("subject:" + user.value());
        assertThat(newest.getInteger("attempts")).isEqualTo(1);
        assertThat(newest.getString("last_error")).isEqualTo("broken section");
        assertThat(newest.getLong("download_count")).isZero();
        assertThat(newest.getString("due_at")).isEqualTo(failed.requestedAt().plus(Duration.ofDays(30)).toString());
        assertThat(newest.getBoolean("overdue")).isFalse();
        JsonObject oldest = page.getJsonArray("requests").getJsonObject(1);
        assertThat(oldest.getString("status")).isEqualTo("completed");
        assertThat(oldest.getString("sha256")).isEqualTo(completed.sha256());
        assertThat(oldest.getValue("last_error")).isNull();
    }

    @Test
    void aRequestNotCompletedByItsDueDateIsOverdue() {
        UserId user = dsar.newUser();
        dsar.requestIn(user, DsarStatus.PENDING);
        String admin = admin();

        JsonObject page = dsar.clock().movedAhead(Duration.ofDays(30),
                () -> ok(dsar.get(REQUESTS + "?user_id=" + user.value(), admin)));

        assertThat(page.getJsonArray("requests").getJsonObject(0).getBoolean("overdue")).isTrue();
    }

    @Test
    void theStatusFilterUsesTheEffectiveStatus() {
        UserId user = dsar.newUser();
        Export completed = dsar.completedExport(user, 100);
        DsarRequest failed = dsar.requestIn(user, DsarStatus.FAILED);
        DsarRequest pending = dsar.requestIn(user, DsarStatus.PENDING);
        String admin = admin();
        String mine = REQUESTS + "?user_id=" + user.value() + "&status=";

        assertThat(references(ok(dsar.get(mine + "failed", admin)))).containsExactly(failed.reference().value());
        assertThat(references(ok(dsar.get(mine + "pending", admin)))).containsExactly(pending.reference().value());
        assertThat(references(ok(dsar.get(mine + "completed", admin)))).containsExactly(completed.reference().value());
        assertThat(references(ok(dsar.get(mine + "expired", admin)))).isEmpty();
        // Past its retention, not yet cleaned up: expired, as the request reads.
        assertThat(dsar.clock().movedAhead(Duration.ofDays(30),
                () -> references(ok(dsar.get(mine + "expired", admin)))))
                .containsExactly(completed.reference().value());
        assertThat(dsar.clock().movedAhead(Duration.ofDays(30),
                () -> references(ok(dsar.get(mine + "completed", admin))))).isEmpty();
        // An empty value is no filter, as an empty form field sends it.
        assertThat(references(ok(dsar.get(mine, admin)))).hasSize(3);
    }

    @Test
    void pagesFollowOneAnotherThroughTheCursorWithoutGapOrRepeat() {
        UserId user = dsar.newUser();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Pairs share their requested_at: the order among equals is still stable.
            if (i % 2 == 0) {
                dsar.clock().advance(Duration.ofSeconds(1));
            }
            newestFirst.add(0, dsar.requestIn(user, DsarStatus.FAILED).reference().value());
        }
        String admin = admin();

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = ok(dsar.get(REQUESTS + "?limit=3&user_id=" + user.value()
                    + (cursor == null ? "" : "&cursor=" + cursor), admin));
            seen.addAll(references(page));
            sizes.add(page.getJsonArray("requests").size());
            cursor = page.getString("next_cursor");
        } while (cursor != null && sizes.size() < 10);

        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).isEqualTo(newestFirst);
    }

    @Test
    void aPageThatEndsExactlyAtTheLastRequestHasNoNextCursor() {
        UserId user = dsar.newUser();
        dsar.requestIn(user, DsarStatus.FAILED);
        dsar.requestIn(user, DsarStatus.FAILED);

        JsonObject page = ok(dsar.get(REQUESTS + "?limit=2&user_id=" + user.value(), admin()));

        assertThat(page.getJsonArray("requests")).hasSize(2);
        assertThat(page.getValue("next_cursor")).isNull();
    }

    @Test
    void withoutFiltersEveryUsersRequestsAreListedNewestFirst() {
        dsar.clock().advance(Duration.ofSeconds(1));
        DsarRequest first = dsar.requestIn(dsar.newUser(), DsarStatus.PENDING);
        dsar.clock().advance(Duration.ofSeconds(1));
        DsarRequest second = dsar.requestIn(dsar.newUser(), DsarStatus.PENDING);

        JsonObject page = ok(dsar.get(REQUESTS + "?limit=2", admin()));

        assertThat(references(page)).containsExactly(second.reference().value(), first.reference().value());
        assertThat(page.getString("next_cursor")).isNotNull();
    }

    @ParameterizedTest(name = "[{index}] ?{0}")
    @CsvSource(delimiter = '|', value = {
        "limit=0            | limit   | Invalid limit",
        "limit=501          | limit   | Invalid limit",
        "limit=ten          | limit   | Invalid limit",
        "limit=007          | limit   | Invalid limit",
        "limit=1&limit=2    | limit   | Duplicate parameter",
        "status=done        | status  | Invalid status",
        "status=PENDING     | status  | Invalid status",
        "user_id=0          | user_id | Invalid user_id",
        "user_id=-4         | user_id | Invalid user_id",
        "user_id=x          | user_id | Invalid user_id",
        "cursor=not-a-cursor | cursor | Invalid cursor",
        "cursor=djE6eDp5Ono  | cursor | Invalid cursor",
        "order=asc          | order   | Unknown parameter",
    })
    void aBadParameterIs400NamingIt(String query, String parameter, String error) {
        HttpResponse<Buffer> response = dsar.get(REQUESTS + "?" + query, admin());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getBoolean("ok")).isFalse();
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getString("parameter")).isEqualTo(parameter);
        assertThat(body.getString("reason")).isNotBlank();
    }

    @Test
    void theAdminViewsAreForAdminsOnly() {
        String subject = dsar.token(dsar.newUser());
        Export export = dsar.completedExport(dsar.newUser(), 10);

        for (String path : List.of(REQUESTS, REQUESTS + "/" + export.reference(), "/api/admin/dsar/cleanup/runs")) {
            assertThat(dsar.get(path, subject).statusCode()).as(path).isEqualTo(403);
            assertThat(dsar.get(path, null).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void oneRequestComesWithItsAuditTrailOldestFirst() {
        Export export = dsar.completedExport(dsar.newUser(), 100);

        JsonObject request = ok(dsar.get(REQUESTS + "/" + export.reference(), admin())).getJsonObject("request");

        assertThat(request.getString("reference_id")).isEqualTo(export.reference().value());
        assertThat(request.getLong("user_id")).isEqualTo(export.owner().value());
        JsonArray events = request.getJsonArray("events");
        assertThat(events.stream().map(event -> ((JsonObject) event).getString("action")))
                .containsExactly("requested", "export_started", "export_completed");
        JsonObject requested = events.getJsonObject(0);
        assertThat(requested.getString("actor")).isEqualTo("subject:" + export.owner().value());
        assertThat(requested.getString("occurred_at")).isNotNull();
        assertThat(requested.getJsonObject("details")).isNotNull();
        assertThat(events.getJsonObject(2).getString("actor")).isEqualTo("system:test");
    }

    @Test
    void anUnknownRequestIs404AndAMalformedReference400() {
        String admin = admin();

        HttpResponse<Buffer> unknown = dsar.get(REQUESTS + "/GDPR-NO-SUCH-REQUEST", admin);
        HttpResponse<Buffer> malformed = dsar.get(REQUESTS + "/-bad", admin);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false).put("error", "Not found"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().getString("error")).isEqualTo("Invalid reference id");
    }

    @Test
    void cleanupRunsAreListedNewestFirstWithTheirFigures() {
        String admin = admin();
        Export expired = dsar.completedExport(dsar.newUser(), 1_000);
        dsar.clock().movedAhead(Duration.ofDays(31), () -> {
            assertThat(dsar.post("/api/admin/dsar/cleanup", admin, "{\"dry_run\":true}").statusCode()).isEqualTo(200);
            dsar.clock().advance(Duration.ofSeconds(1));
            assertThat(dsar.post("/api/admin/dsar/cleanup", admin, "{\"dry_run\":false}").statusCode()).isEqualTo(200);
            return null;
        });

        JsonArray two = ok(dsar.get("/api/admin/dsar/cleanup/runs?limit=2", admin)).getJsonArray("runs");
        JsonArray one = ok(dsar.get("/api/admin/dsar/cleanup/runs?limit=1", admin)).getJsonArray("runs");

        assertThat(two).hasSize(2);
        JsonObject real = two.getJsonObject(0);
        JsonObject dry = two.getJsonObject(1);
        assertThat(one.getJsonObject(0)).isEqualTo(real);
        assertThat(real.getBoolean("dry_run")).isFalse();
        assertThat(dry.getBoolean("dry_run")).isTrue();
        assertThat(Instant.parse(real.getString("started_at"))).isAfter(Instant.parse(dry.getString("started_at")));
        assertThat(real.getLong("files_deleted")).isGreaterThanOrEqualTo(1);
        assertThat(real.getLong("bytes_freed")).isGreaterThanOrEqualTo(1_000);
        assertThat(dry.getLong("checked")).isGreaterThanOrEqualTo(1);
        for (JsonObject run : List.of(real, dry)) {
            assertThat(run.fieldNames()).contains("started_at", "finished_at", "dry_run", "checked", "files_deleted",
                    "bytes_freed", "errors", "duration_ms");
            assertThat(run.getString("finished_at")).isNotNull();
            assertThat(run.getLong("duration_ms")).isNotNull().isNotNegative();
            assertThat(run.getString("trigger")).isEqualTo("admin");
            assertThat(run.getLong("errors")).isZero();
        }
        assertThat(dsar.find(expired.reference()).orElseThrow().status()).isEqualTo(DsarStatus.EXPIRED);
    }

    @Test
    void theRunsLimitIsBounded() {
        String admin = admin();

        for (String bad : List.of("0", "501", "x")) {
            HttpResponse<Buffer> response = dsar.get("/api/admin/dsar/cleanup/runs?limit=" + bad, admin);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("parameter")).isEqualTo("limit");
        }
        assertThat(dsar.get("/api/admin/dsar/cleanup/runs?since=1", admin).statusCode()).isEqualTo(400);
    }
}
