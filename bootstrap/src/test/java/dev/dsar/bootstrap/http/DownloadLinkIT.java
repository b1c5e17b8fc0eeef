package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signed download links (contract §7.2) against a real service: issued to the owner, downloading without a token. */
class DownloadLinkIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    private static final JsonObject INVALID_LINK = new JsonObject().put("ok", false).put("error", "Invalid or expired link");
    private static final String EXPIRED_MESSAGE =
            "The export file has expired and been deleted for security reasons. Please generate a new export.";

    private static HttpResponse<Buffer> issue(Export export, String token) {
        return dsar.post("/api/dsar/requests/" + export.reference() + "/link", token, "");
    }

    private static String linkUrl(Export export) {
        HttpResponse<Buffer> issued = issue(export, dsar.token(export.owner()));
        assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
        return issued.bodyAsJsonObject().getString("url");
    }

    private static HttpResponse<Buffer> withoutToken(HttpMethod method, String url) {
        return dsar.request(method, url, null).send().await();
    }

    @Test
    void theOwnerGetsALinkValidForTheLinkLifetime() {
        Export export = dsar.completedExport(dsar.newUser(), 2_048);

        HttpResponse<Buffer> issued = issue(export, dsar.token(export.owner()));

        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(issued.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject body = issued.bodyAsJsonObject();
        assertThat(body.getBoolean("ok")).isTrue();
        assertThat(body.getString("url")).startsWith("/api/dsar/download/" + export.reference() + "?link=");
        assertThat(body.getString("expires_at")).isEqualTo(dsar.clock().instant().plus(Duration.ofMinutes(15)).toString());
    }

    @Test
    void theLinkDownloadsTheExactFileWithoutAuthorization() {
        Export export = dsar.completedExport(dsar.newUser(), 10_240);

        HttpResponse<Buffer> response = withoutToken(HttpMethod.GET, linkUrl(export));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().getBytes()).isEqualTo(export.content());
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/zip");
        assertThat(response.getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"dsar-" + export.reference() + ".zip\"");
        assertThat(response.getHeader("ETag")).isEqualTo("\"" + export.sha256() + "\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void aLinkDownloadTakesRangesHeadAndConditionsLikeAnyDownload() {
        Export export = dsar.completedExport(dsar.newUser(), 1_000);
        String url = linkUrl(export);

        HttpResponse<Buffer> part = dsar.request(HttpMethod.GET, url, null).putHeader("Range", "bytes=100-199").send().await();
        HttpResponse<Buffer> head = withoutToken(HttpMethod.HEAD, url);
        HttpResponse<Buffer> notModified = dsar.request(HttpMethod.GET, url, null)
                .putHeader("If-None-Match", "\"" + export.sha256() + "\"").send().await();

        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.getHeader("Content-Range")).isEqualTo("bytes 100-199/1000");
        assertThat(part.body().getBytes()).isEqualTo(Arrays.copyOfRange(export.content(), 100, 200));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.getHeader("Content-Length")).isEqualTo("1000");
        assertThat(head.body()).isNull();
        assertThat(notModified.statusCode()).isEqualTo(304);
    }

    @Test
    void aLinkDownloadIsCountedOnTheRequestAndInTheAuditTrail() {
        Export export = dsar.completedExport(dsar.newUser(), 100);

        assertThat(withoutToken(HttpMethod.GET, linkUrl(export)).statusCode()).isEqualTo(200);

        // A receipt is taken when the server's write completes, which may be just after the client has read the body.
        DsarRequest row = dsar.find(export.reference()).orElseThrow();
        for (int attempt = 0; attempt < 100 && row.downloadCount() < 1; attempt++) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            dsar.service().components().flushDownloadReceipts().await();
            row = dsar.find(export.reference()).orElseThrow();
        }
        assertThat(row.downloadCount()).isEqualTo(1);
        assertThat(auditedDownloads(export)).isEqualTo(1);
    }

    private static long auditedDownloads(Export export) {
        try (java.sql.Connection connection = dev.dsar.adapters.persistence.testing.TestPostgres.connect(
                dsar.database().location());
             java.sql.PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM dsar_audit_events"
                     + " WHERE gdpr_reference_id = ? AND action = 'downloaded'")) {
            query.setString(1, export.reference().value());
            try (java.sql.ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLinkWithAnyByteAlteredIs401() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String url = linkUrl(export);
        int last = url.length() - 1;
        String altered = url.substring(0, last) + (url.charAt(last) == 'A' ? 'B' : 'A');
        String otherOwner = url.replace("?link=" + export.owner().value() + ".", "?link=" + (export.owner().value() + 1) + ".");

        for (String bad : new String[] {altered, otherOwner, url + "A", url.substring(0, url.indexOf("?link=") + 6) + "x"}) {
            HttpResponse<Buffer> response = withoutToken(HttpMethod.GET, bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(401);
            assertThat(response.bodyAsJsonObject()).isEqualTo(INVALID_LINK);
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void aLinkForOneExportDoesNotOpenAnother() {
        UserId owner = dsar.newUser();
        Export linked = dsar.completedExport(owner, 100);
        Export other = dsar.completedExport(owner, 100);
        String link = linkUrl(linked).substring(linkUrl(linked).indexOf('?'));

        HttpResponse<Buffer> response = withoutToken(HttpMethod.GET, "/api/dsar/download/" + other.reference() + link);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject()).isEqualTo(INVALID_LINK);
    }

    @Test
    void aLinkStopsWorkingAtItsExpiry() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String url = linkUrl(export);

        int justBefore = dsar.clock().movedAhead(Duration.ofMinutes(15).minusSeconds(1),
                () -> withoutToken(HttpMethod.HEAD, url).statusCode());
        HttpResponse<Buffer> response = dsar.clock().movedAhead(Duration.ofMinutes(15),
                () -> withoutToken(HttpMethod.GET, url));

        assertThat(justBefore).isEqualTo(200);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject()).isEqualTo(INVALID_LINK);
    }

    @Test
    void aLinkNeverOutlivesTheExport() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String token = dsar.token(export.owner());
        Instant exportExpiry = dsar.find(export.reference()).orElseThrow().completedAt().plus(Duration.ofDays(30));

        HttpResponse<Buffer> issued = dsar.clock().movedAhead(Duration.ofDays(30).minusMinutes(5),
                () -> issue(export, token));

        assertThat(issued.bodyAsJsonObject().getString("expires_at")).isEqualTo(exportExpiry.toString());
    }

    @Test
    void anExpiredExportGetsNoLinkButA410AndItsFileIsDeleted() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String token = dsar.token(export.owner());

        HttpResponse<Buffer> response = dsar.clock().movedAhead(Duration.ofDays(30), () -> issue(export, token));

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("Export expired");
        assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo(EXPIRED_MESSAGE);
        assertThat(Files.exists(export.file())).isFalse();
        assertThat(dsar.find(export.reference()).orElseThrow().status()).isEqualTo(DsarStatus.EXPIRED);
    }

    @Test
    void someoneElsesOrAnUnknownExportIs404AndOneNotReadyIs409() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        UserId stranger = dsar.newUser();
        DsarRequest pending = dsar.requestIn(stranger, DsarStatus.PENDING);

        HttpResponse<Buffer> foreign = issue(export, dsar.token(stranger));
        HttpResponse<Buffer> unknown = dsar.post("/api/dsar/requests/GDPR-NO-SUCH-EXPORT/link", dsar.token(stranger), "");
        HttpResponse<Buffer> notReady = dsar.post("/api/dsar/requests/" + pending.reference() + "/link", dsar.token(stranger), "{}");
        HttpResponse<Buffer> invalid = dsar.post("/api/dsar/requests/bad%20ref/link", dsar.token(stranger), "");
        HttpResponse<Buffer> withBody = dsar.post("/api/dsar/requests/" + export.reference() + "/link",
                dsar.token(export.owner()), "{\"ttl\":\"P1D\"}");

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false).put("error", "Not found"));
        assertThat(unknown.bodyAsJsonObject()).isEqualTo(foreign.bodyAsJsonObject());
        assertThat(notReady.statusCode()).isEqualTo(409);
        assertThat(notReady.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false)
                .put("error", "Export not ready").put("status", "pending"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(withBody.statusCode()).isEqualTo(400);
        assertThat(withBody.bodyAsJsonObject().getString("field")).isEqualTo("ttl");
    }

    @Test
    void aLinkIsIssuedOnlyWithAToken() {
        Export export = dsar.completedExport(dsar.newUser(), 100);

        HttpResponse<Buffer> response = issue(export, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("Unauthorized");
    }

    @Test
    void aBearerTokenOnALinkUrlStillDecides() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String url = linkUrl(export);

        HttpResponse<Buffer> owner = dsar.get(url, dsar.token(export.owner()));
        HttpResponse<Buffer> stranger = dsar.get(url, dsar.token(dsar.newUser()));
        HttpResponse<Buffer> badToken = dsar.get(url, "not-a-token");

        assertThat(owner.statusCode()).isEqualTo(200);
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(badToken.bodyAsJsonObject().getString("error")).isEqualTo("Unauthorized");
    }

    @Test
    void aLinkOpensTheDownloadRouteAndNothingElse() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String link = linkUrl(export).substring(linkUrl(export).indexOf('?'));

        HttpResponse<Buffer> request = withoutToken(HttpMethod.GET, "/api/dsar/requests/" + export.reference() + link);
        HttpResponse<Buffer> list = withoutToken(HttpMethod.GET, "/api/dsar/requests" + link);

        assertThat(request.statusCode()).isEqualTo(401);
        assertThat(request.bodyAsJsonObject().getString("error")).isEqualTo("Unauthorized");
        assertThat(list.statusCode()).isEqualTo(401);
    }

    @Test
    void linksAreCountedByOutcomeInTheMetrics() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String url = linkUrl(export);
        withoutToken(HttpMethod.GET, url);
        withoutToken(HttpMethod.GET, url + "A");
        issue(export, dsar.token(dsar.newUser()));

        String metrics = dsar.get("/metrics", null).bodyAsString();

        for (String outcome : new String[] {"issued", "accepted", "rejected", "refused"}) {
            assertThat(metrics).containsPattern("dsar_download_links_total\\{outcome=\"" + outcome + "\"} [1-9]");
        }
    }

    @Test
    void aDownloadWithoutTokenOrLinkIsStill401Unauthorized() {
        Export export = dsar.completedExport(dsar.newUser(), 100);

        HttpResponse<Buffer> response = withoutToken(HttpMethod.GET, "/api/dsar/download/" + export.reference());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("Unauthorized");
    }
}
