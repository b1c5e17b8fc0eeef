package dev.dsar.bootstrap.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageHeadersIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    @RegisterExtension
    static final RunningService framed = new RunningService()
            .with("DSAR_FRAME_ANCESTORS", "'self' https://intranet.example.com");

    @ParameterizedTest
    @ValueSource(strings = {"/dsar/", "/admin/dsar/", "/dsar/assets/subject.js", "/dsar/assets/admin.js",
            "/dsar/assets/pages.css"})
    void everyPageAndAssetCarriesTheSecurityHeadersWithoutAToken(String path) {
        HttpResponse<Buffer> response = dsar.get(path, null);

        assertThat(response.statusCode()).isEqualTo(200);
        String policy = response.getHeader("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'");
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void pagesAreHtmlAndLoadOnlyTheirOwnAssetsWithNoInlineCodeOrStyle() {
        for (String path : List.of("/dsar/", "/admin/dsar/")) {
            HttpResponse<Buffer> response = dsar.get(path, null);
            String html = response.bodyAsString();

            assertThat(response.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(html).contains("<script type=\"module\" src=\"/dsar/assets/");
            assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
            assertThat(html).doesNotContain("style=", "<style", " on", "http://", "https://");
        }
        assertThat(dsar.get("/dsar/assets/subject.js", null).getHeader("Content-Type"))
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(dsar.get("/dsar/assets/pages.css", null).getHeader("Content-Type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void frameAncestorsComeFromTheSetting() {
        assertThat(framed.get("/dsar/", null).getHeader("Content-Security-Policy"))
                .endsWith("frame-ancestors 'self' https://intranet.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dsar/assets/unknown.js", "/dsar/assets/..%2Fsubject.html", "/dsar/assets/",
            "/dsar/index.html"})
    void anythingButTheListedFilesIsAJsonNotFound(String path) {
        HttpResponse<Buffer> response = dsar.get(path, null);

        assertThat(response.statusCode()).isIn(400, 404);
        assertThat(response.bodyAsJsonObject().getBoolean("ok")).isFalse();
    }

    @Test
    void aPageAnswersOnlyGetAndTheApiStillWantsAToken() {
        HttpResponse<Buffer> post = dsar.post("/dsar/", null, "");

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.bodyAsJsonObject().getString("error")).isEqualTo("Method not allowed");
        assertThat(dsar.get("/api/dsar/requests", null).statusCode()).isEqualTo(401);
    }
}
