package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.testing.LogRecorder;
import dev.dsar.bootstrap.RunningService.Export;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpDownloadIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService().with("DSAR_HTTP2_CLEARTEXT", "true");

    private static final String EXPIRED_BODY = "{\"ok\":false,\"error\":\"Export expired\",\"retention_days\":30,\"retention\":\"P30D\","
            + "\"message\":\"The export file has expired and been deleted for security reasons. Please generate a new export.\"}";

    private static String url(Export export) {
        return "/api/dsar/download/" + export.reference();
    }

    @Test
    void ownerDownloadsTheExactFileWithItsHeaders() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 10_240);

        HttpResponse<Buffer> response = dsar.get(url(export), dsar.token(owner));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().getBytes()).isEqualTo(export.content());
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/zip");
        assertThat(response.getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"dsar-" + export.reference() + ".zip\"");
        assertThat(response.getHeader("Content-Length")).isEqualTo("10240");
        assertThat(response.getHeader("ETag")).isEqualTo("\"" + export.sha256() + "\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("Accept-Ranges")).isEqualTo("bytes");
        assertThat(response.getHeader("Content-Encoding")).isNull();
    }

    /**
     * HTTP/2 over cleartext (h2c), which some clients (the JDK's) ask for by default: the same file and ranges, the
     * first time (read from disk) and the next (possibly from memory). Vert.x refuses an open file on HTTP/2.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {10_240, 10 * 1024 * 1024})
    void ownerDownloadsOverHttp2(int bytes) {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, bytes);
        WebClient http2 = http2Client();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpResponse<Buffer> response = http2.get(url(export)).bearerTokenAuthentication(dsar.token(owner))
                        .timeout(30_000).send().await();

                assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body().getBytes()).isEqualTo(export.content());
                assertThat(response.getHeader("ETag")).isEqualTo("\"" + export.sha256() + "\"");

                HttpResponse<Buffer> part = http2.get(url(export)).bearerTokenAuthentication(dsar.token(owner))
                        .putHeader("Range", "bytes=100-199").timeout(30_000).send().await();
                assertThat(part.statusCode()).isEqualTo(206);
                assertThat(part.body().getBytes()).isEqualTo(Arrays.copyOfRange(export.content(), 100, 200));
            }
        } finally {
            http2.close();
        }
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 4_096);

        HttpResponse<Buffer> response = dsar.request(HttpMethod.HEAD, url(export), dsar.token(owner)).send().await();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Length")).isEqualTo("4096");
        assertThat(response.getHeader("ETag")).isEqualTo("\"" + export.sha256() + "\"");
        assertThat(response.body()).isNull();
    }

    @Test
    void singleRangesAnswer206WithExactlyThoseBytes() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 1_000);
        String token = dsar.token(owner);

        HttpResponse<Buffer> middle = range(export, token, "bytes=100-199");
        HttpResponse<Buffer> openEnded = range(export, token, "bytes=990-");
        HttpResponse<Buffer> suffix = range(export, token, "bytes=-10");
        HttpResponse<Buffer> beyondTheEnd = range(export, token, "bytes=995-5000");

        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.getHeader("Content-Range")).isEqualTo("bytes 100-199/1000");
        assertThat(middle.getHeader("Content-Length")).isEqualTo("100");
        assertThat(middle.body().getBytes()).isEqualTo(Arrays.copyOfRange(export.content(), 100, 200));
        assertThat(openEnded.body().getBytes()).isEqualTo(Arrays.copyOfRange(export.content(), 990, 1000));
        assertThat(suffix.getHeader("Content-Range")).isEqualTo("bytes 990-999/1000");
        assertThat(suffix.body().getBytes()).isEqualTo(Arrays.copyOfRange(export.content(), 990, 1000));
        assertThat(beyondTheEnd.getHeader("Content-Range")).isEqualTo("bytes 995-999/1000");
    }

    @Test
    void rangeOutsideTheFileIs416WithItsSizeAndAJsonBody() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 1_000);

        HttpResponse<Buffer> response = range(export, dsar.token(owner), "bytes=1000-1100");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.getHeader("Content-Range")).isEqualTo("bytes */1000");
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject("{\"ok\":false,\"error\":\"Range not satisfiable\"}"));
    }

    @Test
    void severalRangesOrAStaleIfRangeGetTheWholeFile() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 1_000);
        String token = dsar.token(owner);

        HttpResponse<Buffer> several = range(export, token, "bytes=0-9,20-29");
        HttpResponse<Buffer> stale = dsar.request(HttpMethod.GET, url(export), token)
                .putHeader("Range", "bytes=0-9").putHeader("If-Range", "\"not-the-etag\"").send().await();
        HttpResponse<Buffer> current = dsar.request(HttpMethod.GET, url(export), token)
                .putHeader("Range", "bytes=0-9").putHeader("If-Range", "\"" + export.sha256() + "\"").send().await();

        assertThat(several.statusCode()).isEqualTo(200);
        assertThat(several.body().length()).isEqualTo(1_000);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(current.statusCode()).isEqualTo(206);
    }

    @Test
    void anotherUsersExportIsTheSame404AsAnUnknownOne() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String intruder = dsar.token(dsar.newUser());

        HttpResponse<Buffer> someoneElses = dsar.get(url(export), intruder);
        HttpResponse<Buffer> unknown = dsar.get("/api/dsar/download/GDPR-NOSUCHEXPORTNOSUCHEXPORTXX", intruder);

        assertThat(someoneElses.statusCode()).isEqualTo(404);
        assertThat(someoneElses.bodyAsString()).isEqualTo(unknown.bodyAsString()).isEqualTo("{\"ok\":false,\"error\":\"Not found\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(value = DsarStatus.class, names = {"PENDING", "PROCESSING", "FAILED"})
    void exportNotReadyIs409WithItsStatus(DsarStatus status) {
        UserId owner = dsar.newUser();
        DsarRequest request = dsar.requestIn(owner, status);

        HttpResponse<Buffer> response = dsar.get("/api/dsar/download/" + request.reference(), dsar.token(owner));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false)
                .put("error", "Export not ready").put("status", status.code()));
    }

    @Test
    void exportPastRetentionIs410AndItsFileIsDeletedOnTheSpot() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 2_048);
        String token = dsar.token(owner);
        assertThat(dsar.get(url(export), token).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> response = dsar.clock().movedAhead(Duration.ofDays(30),
                () -> dsar.get(url(export), token));

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyAsString()).isEqualTo(EXPIRED_BODY);
        assertThat(Files.exists(export.file())).isFalse();
        DsarRequest row = dsar.find(export.reference()).orElseThrow();
        assertThat(row.status()).isEqualTo(DsarStatus.EXPIRED);
        assertThat(row.storagePath()).isNull();
        assertThat(row.fileDeletedAt()).isNotNull();
        assertThat(dsar.get(url(export), token).bodyAsString()).isEqualTo(EXPIRED_BODY);
    }

    @Test
    void exportOneSecondBeforeItsRetentionEndsIsStillServed() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 64);
        String token = dsar.token(owner);

        dsar.clock().movedAhead(Duration.ofDays(30).minusSeconds(1),
                () -> assertThat(dsar.get(url(export), token).statusCode()).isEqualTo(200));
    }

    @Test
    void completedExportWhoseFileIsGoneIs500FileNotAvailable() throws Exception {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 64);
        Files.delete(export.file());

        try (LogRecorder log = LogRecorder.of("dev.dsar.adapters.http.DownloadRoute")) {
            HttpResponse<Buffer> response = dsar.get(url(export), dsar.token(owner));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.bodyAsString()).isEqualTo("{\"ok\":false,\"error\":\"File not available\"}");
            // An operator must hear of it: a completed export without its file is a fault, not a user error.
            assertThat(log.messages("ERROR")).singleElement().asString().contains(export.reference().value())
                    .contains("file is not available");
        }
    }

    @Test
    void fileDeletedByAnotherInstanceAfterAServedDownloadIsAnsweredInJsonNotWithAShortBody() throws Exception {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 64);
        String token = dsar.token(owner);
        assertThat(dsar.get(url(export), token).statusCode()).isEqualTo(200);

        // Another instance's cleanup (with the same retention) expires the export behind this instance's back.
        Files.delete(export.file());
        DsarRequest row = dsar.find(export.reference()).orElseThrow();
        dsar.move(row.expire(dev.dsar.domain.RetentionPolicy.ofDays(1), row.completedAt().plus(Duration.ofDays(1))).request(),
                AuditAction.FILE_DELETED);
        HttpResponse<Buffer> response = dsar.get(url(export), token);

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.bodyAsString()).isEqualTo(EXPIRED_BODY);
    }

    @Test
    void hundredsOfParallelDownloadsAllGetTheSameBytes() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 1024 * 1024);
        String token = dsar.token(owner);

        List<Future<HttpResponse<Buffer>>> downloads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            downloads.add(dsar.request(HttpMethod.GET, url(export), token).send());
        }
        Future.join(downloads).await();

        assertThat(downloads).allSatisfy(download -> {
            assertThat(download.succeeded()).isTrue();
            assertThat(download.result().statusCode()).isEqualTo(200);
            assertThat(RunningService.sha256(download.result().body().getBytes())).isEqualTo(export.sha256());
        });
    }

    /** Larger than what the socket buffers of a paused download can take in: its send cannot finish early. */
    private static final int RACED_FILE_BYTES = 16 * 1024 * 1024;

    @Test
    void downloadsRacingADeletionGetTheWholeFileOrAJsonAnswerNeverAShortBody() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, RACED_FILE_BYTES);
        String token = dsar.token(owner);

        raceADeletion(export, token, HttpVersion.HTTP_1_1, 40,
                () -> dsar.request(HttpMethod.GET, url(export), token).send());
    }

    @Test
    void http2DownloadsRacingADeletionGetTheWholeFileOrAJsonAnswerNeverAShortBody() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, RACED_FILE_BYTES);
        String token = dsar.token(owner);
        WebClient http2 = http2Client();
        try {
            raceADeletion(export, token, HttpVersion.HTTP_2, 20,
                    () -> http2.get(url(export)).bearerTokenAuthentication(token).timeout(60_000).send());
        } finally {
            http2.close();
        }
    }

    /**
     * Starts one download and holds it after its first bytes, sends {@code count} more and deletes the file
     * halfway, while the held one is provably in flight: it has had its first bytes and not its end, and the
     * service still has the deleted file open. Each answer, the held one's once let go included, is the whole
     * file or the JSON 500, never a short body; the others may all have come too late to open the file, the
     * held one is the download the deletion surely races.
     */
    private static void raceADeletion(Export export, String token, HttpVersion version, int count,
                                      Supplier<Future<HttpResponse<Buffer>>> download) {
        HeldDownload held = HeldDownload.start(export, token, version);
        List<Future<HttpResponse<Buffer>>> downloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            downloads.add(download.get());
            if (i == count / 2) {
                assertThat(held.received()).isPositive().isLessThan(export.content().length);
                assertThat(held.end.isComplete()).isFalse();
                try {
                    Files.delete(export.file());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                assertThat(openDeletedFiles()).contains(export.file() + " (deleted)");
            }
        }
        Future.join(downloads).await();
        held.letGo();

        assertThat(held.status).isEqualTo(200);
        assertThat(held.sha256()).isEqualTo(export.sha256());
        for (Future<HttpResponse<Buffer>> answered : downloads) {
            HttpResponse<Buffer> response = answered.result();
            if (response.statusCode() == 200) {
                assertThat(RunningService.sha256(response.body().getBytes())).isEqualTo(export.sha256());
            } else {
                assertThat(response.statusCode()).isEqualTo(500);
                assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("File not available");
            }
        }
    }

    /** What this process (the service runs in it) holds open: the targets of /proc/self/fd. */
    private static List<String> openDeletedFiles() {
        List<String> open = new ArrayList<>();
        try (var descriptors = Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            for (java.nio.file.Path descriptor : (Iterable<java.nio.file.Path>) descriptors::iterator) {
                try {
                    open.add(Files.readSymbolicLink(descriptor).toString());
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed since
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    /**
     * A download on a connection of its own with a small receive window, paused after its first chunk: the
     * service's send is stuck half-way until {@link #letGo()}. The body is hashed as it comes, not kept.
     */
    private static final class HeldDownload {
        final HttpClientAgent client;
        final java.security.MessageDigest digest;
        final io.vertx.core.Promise<Void> firstBytes = io.vertx.core.Promise.promise();
        volatile long received;
        volatile int status;
        volatile HttpClientResponse response;
        Future<Void> end;

        private HeldDownload(HttpVersion version) {
            client = dsar.vertx().createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(dsar.service().port()).setProtocolVersion(version).setHttp2ClearTextUpgrade(false)
                    .setReceiveBufferSize(64 * 1024));
            try {
                digest = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static HeldDownload start(Export export, String token, HttpVersion version) {
            HeldDownload held = new HeldDownload(version);
            held.end = held.client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(url(export))
                            .putHeader("Authorization", "Bearer " + token))
                    .compose(request -> request.send())
                    .compose(answer -> {
                        held.response = answer;
                        held.status = answer.statusCode();
                        answer.pause();
                        answer.handler(chunk -> {
                            held.digest.update(chunk.getBytes());
                            held.received += chunk.length();
                            held.firstBytes.tryComplete();
                        });
                        answer.fetch(1);
                        return answer.end();
                    });
            held.firstBytes.future().await();
            return held;
        }

        long received() {
            return received;
        }

        void letGo() {
            response.resume();
            end.await();
            client.close().await();
        }

        String sha256() {
            return java.util.HexFormat.of().formatHex(digest.digest());
        }
    }

    /** A client that speaks HTTP/2 over cleartext from the start (prior knowledge), as the JDK's client may. */
    private static WebClient http2Client() {
        return WebClient.create(dsar.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(dsar.service().port()).setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    }

    @Test
    void completeDownloadsAreCountedOnTheRequestAndInTheAuditTrail() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 100);
        String token = dsar.token(owner);

        dsar.get(url(export), token);
        dsar.get(url(export), token);
        dsar.request(HttpMethod.GET, url(export), token).putHeader("Range", "bytes=0-9").send().await();
        dsar.request(HttpMethod.HEAD, url(export), token).send().await();

        // A receipt is taken when the server's write completes, which may be just after the client has read
        // the body: flush until both are in (or give up after a generous bound).
        DsarRequest row = dsar.find(export.reference()).orElseThrow();
        for (int attempt = 0; attempt < 100 && row.downloadCount() < 2; attempt++) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            dsar.service().components().flushDownloadReceipts().await();
            row = dsar.find(export.reference()).orElseThrow();
        }
        assertThat(row.downloadCount()).isEqualTo(2);
        assertThat(row.lastDownloadedAt()).isNotNull();
    }

    private static HttpResponse<Buffer> range(Export export, String token, String range) {
        return dsar.request(HttpMethod.GET, url(export), token).putHeader("Range", range).send().await();
    }
}
