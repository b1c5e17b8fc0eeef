package dev.dsar.bootstrap.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Each page's weight (its HTML and every stylesheet and script it loads, gzip-compressed as a proxy in front
 * would send them) held under the 50 KB budget, and its first render measured in headless Chromium
 * (Paint Timing's first-contentful-paint, and the time until its data is on screen). The figures go to
 * target/page-performance.txt; docs/performance.md quotes them with the machine and date.
 */
class PageWeightIT {

    static final long BUDGET_BYTES = 50 * 1024;
    static final int LOADS = 10;

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void eachPageWeighsUnderFiftyKilobytesCompressedAndItsFirstRenderIsMeasured() throws IOException {
        String base = "http://127.0.0.1:" + dsar.service().port();
        dsar.completedExport(dsar.newUser(), 1024);
        List<String> report = new ArrayList<>();
        for (String[] page : new String[][] {
                {"/dsar/", dsar.token(dsar.newUser()), "#empty:not([hidden]), #requests > li"},
                {"/admin/dsar/", dsar.adminToken(dsar.newUser()), "#requests table"}}) {
            browser.open(base + page[0] + "#token=" + page[1]);
            browser.waitFor(driver -> !driver.findElements(By.cssSelector(page[2])).isEmpty());
            @SuppressWarnings("unchecked")
            List<String> loaded = (List<String>) browser.script("return [location.pathname].concat("
                    + "performance.getEntriesByType('resource').map(r => new URL(r.name).pathname)"
                    + ".filter(p => p.startsWith('/dsar/assets/')))");
            long raw = 0;
            long compressed = 0;
            for (String path : loaded.stream().distinct().toList()) {
                byte[] body = dsar.get(path, null).body().getBytes();
                raw += body.length;
                compressed += gzip(body);
            }
            List<Double> paints = new ArrayList<>();
            List<Double> ready = new ArrayList<>();
            for (int i = 0; i < LOADS; i++) {
                browser.open(base + page[0] + "#token=" + page[1]);
                browser.waitFor(driver -> !driver.findElements(By.cssSelector(page[2])).isEmpty());
                paints.add(((Number) browser.script("const p = performance.getEntriesByName('first-contentful-paint');"
                        + " return p.length ? p[0].startTime : -1")).doubleValue());
                ready.add(((Number) browser.script("return performance.now()")).doubleValue());
            }
            report.add(String.format("%s: %d files, %d bytes, %d bytes gzip; first-contentful-paint median %.0f ms;"
                    + " data on screen by %.0f ms (median of %d loads)", page[0], loaded.stream().distinct().count(),
                    raw, compressed, median(paints), median(ready), LOADS));
            assertThat(compressed).as(page[0] + " compressed weight").isLessThan(BUDGET_BYTES);
            assertThat(median(paints)).as(page[0] + " painted").isPositive();
        }
        Path out = Path.of("target/page-performance.txt");
        Files.write(out, report);
        assertThat(browser.consoleProblems()).isEmpty();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size();
    }
}
