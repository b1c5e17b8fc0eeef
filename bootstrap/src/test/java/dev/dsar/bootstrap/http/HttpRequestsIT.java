package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpRequestsIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    @Test
    void subjectRequestsAnExportAndGets202WithThePendingRequest() {
        UserId user = dsar.newUser();

        HttpResponse<Buffer> response = dsar.post("/api/dsar/requests", dsar.token(user), "");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getBoolean("ok")).isTrue();
        JsonObject request = body.getJsonObject("request");
        assertThat(request.getString("reference_id")).matches("GDPR-[A-Z2-7]{26}");
        assertThat(request.getString("status")).isEqualTo("pending");
        assertThat(request.getString("requested_at")).isEqualTo(dsar.clock().instant().toString());
        // GDPR Art. 12(3): answered within one month, DSAR_RESPONSE_DEADLINE's default of P30D.
        assertThat(request.getString("due_at")).isEqualTo(dsar.clock().instant().plus(Duration.ofDays(30)).toString());
        assertThat(request.fieldNames()).contains("completed_at", "expires_at", "export_bytes_size", "sha256")
                .doesNotContain("download_url", "message");
    }

    @Test
    void secondRequestWhileOneIsInProgressIs409NamingIt() {
        UserId user = dsar.newUser();
        String first = dsar.post("/api/dsar/requests", dsar.token(user), "{}").bodyAsJsonObject()
                .getJsonObject("request").getString("reference_id");

        HttpResponse<Buffer> second = dsar.post("/api/dsar/requests", dsar.token(user), "{}");

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false)
                .put("error", "Request already in progress").put("reference_id", first));
    }

    @Test
    void listShowsOnlyTheCallersRequestsNewestFirst() {
        UserId user = dsar.newUser();
        Export older = dsar.completedExport(user, 10);
        dsar.clock().advance(Duration.ofSeconds(5));
        HttpResponse<Buffer> created = dsar.post("/api/dsar/requests", dsar.token(user), "");
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
        String newer = created.bodyAsJsonObject().getJsonObject("request").getString("reference_id");
        dsar.completedExport(dsar.newUser(), 10);

        HttpResponse<Buffer> response = dsar.get("/api/dsar/requests", dsar.token(user));

        JsonArray requests = response.bodyAsJsonObject().getJsonArray("requests");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(requests.size()).isEqualTo(2);
        assertThat(requests.getJsonObject(0).getString("reference_id")).isEqualTo(newer);
        assertThat(requests.getJsonObject(1).getString("reference_id")).isEqualTo(older.reference().value());
    }

    @Test
    void completedRequestShowsItsFileAndDownloadUrl() {
        UserId user = dsar.newUser();
        Export export = dsar.completedExport(user, 1234);

        JsonObject request = dsar.get("/api/dsar/requests/" + export.reference(), dsar.token(user))
                .bodyAsJsonObject().getJsonObject("request");

        assertThat(request.getString("status")).isEqualTo("completed");
        assertThat(request.getLong("export_bytes_size")).isEqualTo(1234);
        assertThat(request.getString("sha256")).isEqualTo(export.sha256());
        assertThat(request.getString("download_url")).isEqualTo("/api/dsar/download/" + export.reference());
        assertThat(java.time.Duration.between(java.time.Instant.parse(request.getString("completed_at")),
                java.time.Instant.parse(request.getString("expires_at")))).isEqualTo(Duration.ofDays(30));
        assertThat(request.containsKey("message")).isFalse();
    }

    @Test
    void completedRequestPastRetentionReadsAsExpiredWithItsMessage() {
        UserId user = dsar.newUser();
        Export export = dsar.completedExport(user, 10);
        String token = dsar.token(user);

        JsonObject request = dsar.clock().movedAhead(Duration.ofDays(31),
                () -> dsar.get("/api/dsar/requests/" + export.reference(), token).bodyAsJsonObject().getJsonObject("request"));

        assertThat(request.getString("status")).isEqualTo("expired");
        assertThat(request.getString("message")).startsWith("The export file has expired");
        assertThat(request.containsKey("download_url")).isFalse();
    }

    @Test
    void failedRequestCarriesAMessageForTheSubject() {
        UserId user = dsar.newUser();
        var failed = dsar.requestIn(user, DsarStatus.FAILED);

        JsonObject request = dsar.get("/api/dsar/requests/" + failed.reference(), dsar.token(user))
                .bodyAsJsonObject().getJsonObject("request");

        assertThat(request.getString("status")).isEqualTo("failed");
        assertThat(request.getString("message")).isNotBlank().doesNotContain("broken section");
    }

    @Test
    void someoneElsesRequestAndAnUnknownOneAreTheSame404() {
        Export export = dsar.completedExport(dsar.newUser(), 10);
        String other = dsar.token(dsar.newUser());

        HttpResponse<Buffer> foreign = dsar.get("/api/dsar/requests/" + export.reference(), other);
        HttpResponse<Buffer> unknown = dsar.get("/api/dsar/requests/GDPR-UNKNOWN", other);

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(foreign.bodyAsString()).isEqualTo(unknown.bodyAsString()).isEqualTo("{\"ok\":false,\"error\":\"Not found\"}");
    }

    @Test
    void adminRequestsForAUserWithAChosenReference() {
        UserId admin = dsar.newUser();
        UserId user = dsar.newUser();

        HttpResponse<Buffer> response = dsar.post("/api/admin/dsar/requests", dsar.adminToken(admin),
                new JsonObject().put("user_id", user.value()).put("reference_id", "GDPR-ADMIN-" + user).encode());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.bodyAsJsonObject().getJsonObject("request").getString("reference_id"))
                .isEqualTo("GDPR-ADMIN-" + user);
        assertThat(dsar.get("/api/dsar/requests/GDPR-ADMIN-" + user, dsar.token(user)).statusCode()).isEqualTo(200);
        assertThat(dsar.find(new dev.dsar.domain.ReferenceId("GDPR-ADMIN-" + user)).orElseThrow().requestedBy())
                .isEqualTo(dev.dsar.domain.Actor.admin(admin));
    }

    @Test
    void adminRequestWithABadBodyIs400() {
        String admin = dsar.adminToken(dsar.newUser());

        assertThat(dsar.post("/api/admin/dsar/requests", admin, "{}").bodyAsJsonObject().getString("error"))
                .isEqualTo("Invalid user_id");
        assertThat(dsar.post("/api/admin/dsar/requests", admin, "{\"user_id\":-3}").statusCode()).isEqualTo(400);
        assertThat(dsar.post("/api/admin/dsar/requests", admin, "{\"user_id\":1.5}").statusCode()).isEqualTo(400);
        assertThat(dsar.post("/api/admin/dsar/requests", admin, "{\"user_id\":5,\"reference_id\":\"../x\"}")
                .bodyAsJsonObject().getString("error")).isEqualTo("Invalid reference id");
        assertThat(dsar.post("/api/admin/dsar/requests", admin, "{\"user_id\":5,\"reference_id\":7}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void adminRequestWithAReferenceAlreadyUsedIs409() {
        Export export = dsar.completedExport(dsar.newUser(), 10);

        HttpResponse<Buffer> response = dsar.post("/api/admin/dsar/requests", dsar.adminToken(dsar.newUser()),
                new JsonObject().put("user_id", dsar.newUser().value()).put("reference_id", export.reference().value()).encode());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("Reference id already used");
    }
}
