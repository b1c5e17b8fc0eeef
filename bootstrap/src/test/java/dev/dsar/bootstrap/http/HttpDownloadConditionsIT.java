package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 conditional downloads, and the 410 of a retention shorter than a day. */
class HttpDownloadConditionsIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService().with("DSAR_EXPORT_RETENTION", "PT1M");

    private static String url(Export export) {
        return "/api/dsar/download/" + export.reference().value();
    }

    private static HttpResponse<Buffer> download(HttpMethod method, Export export, String header, String value) {
        return dsar.request(method, url(export), dsar.token(export.owner())).putHeader(header, value).send().await();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"%s\"", "W/\"%s\"", "*", "\"other\", \"%s\"", "\"a\",W/\"%s\" , \"b\""})
    void ifNoneMatchWithTheEtagIs304WithTheEtagAndNoBody(String header) {
        Export export = dsar.completedExport(dsar.newUser(), 5_000);
        String value = header.replace("%s", export.sha256());

        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
            HttpResponse<Buffer> response = download(method, export, "If-None-Match", value);

            assertThat(response.statusCode()).as(method + " " + value).isEqualTo(304);
            assertThat(response.getHeader("ETag")).isEqualTo("\"" + export.sha256() + "\"");
            assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
            assertThat(response.body()).as("no body").satisfiesAnyOf(
                    body -> assertThat(body).isNull(), body -> assertThat(body.length()).isZero());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"other\"", "W/\"other\", \"more\"", "\"\"", "garbage"})
    void ifNoneMatchWithOtherTagsGetsTheWholeFile(String value) {
        Export export = dsar.completedExport(dsar.newUser(), 5_000);

        HttpResponse<Buffer> response = download(HttpMethod.GET, export, "If-None-Match", value);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().getBytes()).isEqualTo(export.content());
    }

    /** If-None-Match is evaluated before Range (RFC 9110 §13.2.2). */
    @Test
    void ifNoneMatchWinsOverRange() {
        Export export = dsar.completedExport(dsar.newUser(), 5_000);

        HttpResponse<Buffer> response = dsar.request(HttpMethod.GET, url(export), dsar.token(export.owner()))
                .putHeader("If-None-Match", "\"" + export.sha256() + "\"").putHeader("Range", "bytes=0-9").send().await();

        assertThat(response.statusCode()).isEqualTo(304);
    }

    @Test
    void someoneElsesExportIs404WhateverTheEtag() {
        Export export = dsar.completedExport(dsar.newUser(), 100);

        HttpResponse<Buffer> response = dsar.request(HttpMethod.GET, url(export), dsar.token(dsar.newUser()))
                .putHeader("If-None-Match", "*").send().await();

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredExportUnderADayOfRetentionNamesTheRetentionInIso8601() {
        Export export = dsar.completedExport(dsar.newUser(), 100);
        String token = dsar.token(export.owner());
        HttpResponse<Buffer> response = dsar.clock().movedAhead(Duration.ofMinutes(2),
                () -> dsar.get(url(export), token));

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.bodyAsJsonObject().getInteger("retention_days")).isZero();
        assertThat(response.bodyAsJsonObject().getString("retention")).isEqualTo("PT1M");
    }
}
