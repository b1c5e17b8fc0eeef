package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import dev.dsar.domain.DsarStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every JSON body is strict: a typo, a null, a string for a number or a repeated key is a 400 naming the field. */
class StrictJsonBodiesIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    private static final String CLEANUP = "/api/admin/dsar/cleanup";
    private static final String ADMIN_REQUESTS = "/api/admin/dsar/requests";

    private static void assertRefused(HttpResponse<Buffer> response, String error, String field) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getBoolean("ok")).isFalse();
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getString("field")).isEqualTo(field);
        assertThat(body.getString("reason")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"dryRun\":true}                  | Unknown field   | dryRun",
        "{\"dry_run\":null}                 | Invalid dry_run | dry_run",
        "{\"dry_run\":\"true\"}             | Invalid dry_run | dry_run",
        "{\"dry_run\":1}                    | Invalid dry_run | dry_run",
        "{\"dry_run\":[true]}               | Invalid dry_run | dry_run",
        "{\"dry_run\":true,\"dry_run\":false} | Duplicate field | dry_run",
        "{\"dry_run\":false,\"dry_run\":true} | Duplicate field | dry_run"})
    void aCleanupTriggerWithAFaultyBodyIsRefusedAndDeletesNothing(String body, String error, String field) {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String admin = dsar.adminToken(dsar.newUser());
        HttpResponse<Buffer> response = dsar.clock().movedAhead(Duration.ofDays(31),
                () -> dsar.post(CLEANUP, admin, body));

        assertRefused(response, error, field);
        assertThat(Files.exists(export.file())).isTrue();
        assertThat(dsar.find(export.reference()).orElseThrow().status()).isEqualTo(DsarStatus.COMPLETED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"user_id\":\"42\"}                   | Invalid user_id      | user_id",
        "{\"user_id\":42.0}                     | Invalid user_id      | user_id",
        "{\"user_id\":1.5}                      | Invalid user_id      | user_id",
        "{\"user_id\":1e20}                     | Invalid user_id      | user_id",
        "{\"user_id\":99999999999999999999}     | Invalid user_id      | user_id",
        "{\"user_id\":true}                     | Invalid user_id      | user_id",
        "{\"user_id\":null}                     | Invalid user_id      | user_id",
        "{\"user_id\":-3}                       | Invalid user_id      | user_id",
        "{\"user_id\":0}                        | Invalid user_id      | user_id",
        "{}                                     | Invalid user_id      | user_id",
        "{\"userId\":42}                        | Unknown field        | userId",
        "{\"user_id\":42,\"user_id\":43}        | Duplicate field      | user_id",
        "{\"user_id\":42,\"reference_id\":7}    | Invalid reference_id | reference_id",
        "{\"user_id\":42,\"reference_id\":null} | Invalid reference_id | reference_id",
        "{\"user_id\":42,\"reference_id\":\"../x\"} | Invalid reference id | reference_id",
        "{\"user_id\":42,\"admin\":true}        | Unknown field        | admin"})
    void anAdminRequestWithAFaultyBodyIsRefusedNamingTheField(String body, String error, String field) {
        assertRefused(dsar.post(ADMIN_REQUESTS, dsar.adminToken(dsar.newUser()), body), error, field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"user_id\":5}                        | Unknown field        | user_id",
        "{\"a\":1,\"a\":1}                      | Duplicate field      | a"})
    void aSubjectRequestTakesNoFields(String body, String error, String field) {
        assertRefused(dsar.post("/api/dsar/requests", dsar.token(dsar.newUser()), body), error, field);
    }

    @Test
    void anEmptyBodyStillCreatesTheSubjectsRequest() {
        assertThat(dsar.post("/api/dsar/requests", dsar.token(dsar.newUser()), "").statusCode()).isEqualTo(202);
        assertThat(dsar.post("/api/dsar/requests", dsar.token(dsar.newUser()), " {} ").statusCode()).isEqualTo(202);
    }

    @Test
    void trailingDataAfterTheObjectIsInvalidJson() {
        HttpResponse<Buffer> response = dsar.post(CLEANUP, dsar.adminToken(dsar.newUser()), "{\"dry_run\":true}{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("Invalid JSON");
    }

    @Test
    void aWellFormedAdminRequestStillWorks() {
        HttpResponse<Buffer> response = dsar.post(ADMIN_REQUESTS, dsar.adminToken(dsar.newUser()),
                new JsonObject().put("user_id", dsar.newUser().value()).encode());

        assertThat(response.statusCode()).isEqualTo(202);
    }
}
