package dev.dsar.adapters.http.pages;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two web pages of contract §7.2 and their assets, served from this module's resources: the data subject's
 * page at {@code /dsar/} and the admin page at {@code /admin/dsar/}. Both are static: each page reads the JWT
 * from its URL fragment in the browser and calls the JSON API with it, so these routes need no Authorization.
 *
 * <p>Every answer carries a Content-Security-Policy that allows scripts, styles and requests from this origin
 * only (no inline code, no eval), {@code nosniff}, {@code Referrer-Policy: no-referrer} (a download link never
 * leaks through a Referer) and {@code Cache-Control: no-store}. The files are few and small: they are read once,
 * at start, and an unknown name is a 404 like any other (JSON).
 */
public final class WebPages {

    static final String RESOURCES = "/dev/dsar/adapters/http/pages/";
    /** The page files, by the name they are served under. */
    static final Map<String, String> PAGES = Map.of("/dsar/", "subject.html", "/admin/dsar/", "admin.html");
    /** The assets both pages share, by file name, with their media types. */
    static final Map<String, String> ASSETS = Map.ofEntries(
            Map.entry("pages.css", "text/css; charset=utf-8"),
            Map.entry("session.js", "text/javascript; charset=utf-8"),
            Map.entry("api.js", "text/javascript; charset=utf-8"),
            Map.entry("format.js", "text/javascript; charset=utf-8"),
            Map.entry("subject.js", "text/javascript; charset=utf-8"),
            Map.entry("subject-strings.js", "text/javascript; charset=utf-8"),
            Map.entry("admin.js", "text/javascript; charset=utf-8"),
            Map.entry("admin-strings.js", "text/javascript; charset=utf-8"),
            Map.entry("chart.js", "text/javascript; charset=utf-8"),
            Map.entry("favicon.svg", "image/svg+xml"));
    public static final String ASSETS_PATH = "/dsar/assets/";

    private final String contentSecurityPolicy;
    private final Map<String, Buffer> files = new TreeMap<>();

    public WebPages(FrameAncestors frameAncestors) {
        this.contentSecurityPolicy = String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self'",
                "connect-src 'self'",
                "base-uri 'none'",
                "form-action 'none'",
                frameAncestors.directive());
        PAGES.values().forEach(name -> files.put(name, read(name)));
        ASSETS.keySet().forEach(name -> files.put(name, read("assets/" + name)));
    }

    /** The value of the Content-Security-Policy header every page and asset carries. */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** Adds the page routes: {@code GET} on each page and on each asset. */
    public void mount(Router router) {
        PAGES.forEach((path, file) -> router.get(path).handler(ctx -> send(ctx, file, "text/html; charset=utf-8")));
        router.get(ASSETS_PATH + ":file").handler(this::asset);
    }

    private void asset(RoutingContext ctx) {
        String name = ctx.pathParam("file");
        String type = ASSETS.get(name);
        if (type == null) {
            ctx.next();
            return;
        }
        send(ctx, name, type);
    }

    private void send(RoutingContext ctx, String name, String type) {
        HttpServerResponse response = ctx.response();
        securityHeaders(response).putHeader(HttpHeaders.CONTENT_TYPE, type);
        response.end(files.get(name));
    }

    private HttpServerResponse securityHeaders(HttpServerResponse response) {
        return response.putHeader("Content-Security-Policy", contentSecurityPolicy)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static Buffer read(String name) {
        try (InputStream in = WebPages.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("page resource missing: " + name);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
