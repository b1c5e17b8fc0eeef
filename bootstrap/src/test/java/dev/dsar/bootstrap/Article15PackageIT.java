package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.in.RequestExportCommand;
import dev.dsar.bootstrap.testing.DemoData;
import dev.dsar.bootstrap.testing.ExportPackage;
import dev.dsar.domain.Actor;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The demo's package as an answer under GDPR Art. 15, end to end: the built-in sections (with their controller,
 * processing and labels), a real PostgreSQL with the demo data, CSV on, a real directory; the page opened in
 * headless Chromium when the machine has it.
 */
class Article15PackageIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    private static Vertx vertx;
    private static Components components;
    private static ExportPackage exported;

    @TempDir
    static Path temp;

    @BeforeAll
    static void exportAlicesData() throws Exception {
        DemoData.insert(db);
        vertx = Vertx.vertx();
        components = Components.create(vertx, DsarConfig.from(Map.of("DSAR_DATABASE_URL", db.uri(),
                "EXPORT_STORAGE_PATH", temp.resolve("exports").toString(), "DSAR_INSTANCE_ID", "art15",
                "DSAR_EXPORT_FORMATS", "json,csv")), new MutableClock(Instant.now()));
        components.requestExport().request(new RequestExportCommand(new UserId(DemoData.ALICE), Optional.empty(),
                Actor.subject(new UserId(DemoData.ALICE)))).await();
        ExportOutcome outcome = components.generateExport().startNext().await().orElseThrow().outcome().await();
        assertThat(outcome).isInstanceOf(ExportOutcome.Completed.class);
        exported = ExportPackage.read(Path.of(((ExportOutcome.Completed) outcome).artifact().storagePath()));
    }

    @AfterAll
    static void stop() {
        components.close().await();
        vertx.close().await();
    }

    @Test
    void theManifestCarriesTheControllerAndEverySectionsProcessingMachineReadable() {
        JsonObject meta = exported.meta();

        JsonObject controller = meta.getJsonObject("controller");
        assertThat(controller.fieldNames()).containsExactly("name", "contact", "dpo_contact", "supervisory_authority");
        assertThat(controller.getMap().values()).allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
        JsonObject processing = meta.getJsonObject("processing");
        assertThat(processing.fieldNames()).containsExactly("account", "workflows", "workflow_runs", "api_tokens",
                "audit_logs");
        for (String section : processing.fieldNames()) {
            JsonObject said = processing.getJsonObject(section);
            assertThat(said.fieldNames()).as(section).containsExactly("description", "purpose", "legal_basis",
                    "recipients", "retention", "source", "labels");
            assertThat(said.getMap().values()).as(section).doesNotContainNull();
        }
        assertThat(meta.getJsonArray("formats")).containsExactly("json", "csv");
    }

    @Test
    void thePageTellsWhoHoldsTheDataWhyAndTheRightsAndShowsTheDataReadably() {
        Document page = Jsoup.parse(exported.text("index.html"));
        JsonObject meta = exported.meta();

        assertThat(page.text()).contains(meta.getJsonObject("controller").getString("name"),
                meta.getJsonObject("controller").getString("contact"), "You asked for a copy of your data",
                "Your rights", "supervisory authority");
        for (String section : meta.getJsonObject("processing").fieldNames()) {
            JsonObject said = meta.getJsonObject("processing").getJsonObject(section);
            assertThat(page.getElementById("section-" + section)).as(section).isNotNull();
            assertThat(page.text()).contains(said.getString("purpose"), said.getString("legal_basis"),
                    said.getString("retention"), said.getString("source"));
        }
        assertThat(page.select("section th").eachText()).contains("E-mail address", "API token (secret part withheld)");
        // Alice's display name is shown as text, never as markup; her 2502 log entries only in part.
        assertThat(page.text()).contains("Ålice \"Ally\" <b>O'Brien</b> 😀 \\ back", "2 January 2026, 01:04:05",
                "The first 50 of 2502 records");
        assertThat(page.select("b")).isEmpty();
        assertThat(page.text()).doesNotContain("alice-secret-hash-1");
    }

    @Test
    void theCsvFilesReadBackToTheSameRowsAsTheJsonFiles() throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> lines = mapper.readerForListOf(String.class)
                .readValues(exported.text("audit_logs.csv"))) {
            lines.forEachRemaining(rows::add);
        }
        JsonArray json = (JsonArray) exported.json("audit_logs.json");

        assertThat(rows.get(0)).containsExactlyElementsOf(json.getJsonObject(0).fieldNames());
        assertThat(rows).hasSize(json.size() + 1);
        int action = rows.get(0).indexOf("action");
        int details = rows.get(0).indexOf("details");
        for (int i = 0; i < json.size(); i++) {
            JsonObject row = json.getJsonObject(i);
            assertThat(rows.get(i + 1).get(action)).isEqualTo(row.getString("action"));
            Object document = row.getValue("details");
            String cell = rows.get(i + 1).get(details);
            // Nested JSON as JSON text: it decodes to the same value as in the JSON file.
            assertThat(document == null ? cell : Json.decodeValue(cell)).isEqualTo(document == null ? "" : document);
        }
        assertThat(exported.text("api_tokens.csv")).doesNotContain("alice-secret-hash-1").contains("[REDACTED]");
    }

    @Test
    void theRequestsHistoryStartsNoEarlierThanTheRequest() {
        JsonObject request = new JsonObject(exported.text("dsar_request.json"));

        assertThat(Instant.parse(request.getString("started_at")))
                .isAfterOrEqualTo(Instant.parse(request.getString("requested_at")));
        assertThat(request.getJsonArray("history").stream().map(event -> ((JsonObject) event).getString("event")))
                .containsExactly("requested", "started", "completed");
    }

    /**
     * Headless Chromium loads the page from the extracted folder: it renders (a screenshot, kept under
     * target/ for docs/images/) and reports no console message, so nothing on it failed to load or run.
     */
    @Test
    void thePageRendersInAHeadlessBrowserWithoutConsoleMessages() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "no Chromium on this machine");
        Path folder = Files.createDirectories(temp.resolve("extracted"));
        for (String file : List.of("index.html", "account.json", "meta.json")) {
            Files.writeString(folder.resolve(file), exported.text(file), StandardCharsets.UTF_8);
        }
        Path screenshot = Path.of("target", "screenshots", "export-index.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        Path log = temp.resolve("chromium.log");
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + temp.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--hide-scrollbars", "--window-size=1100,2600", "--screenshot=" + screenshot,
                folder.resolve("index.html").toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = browser.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            browser.destroyForcibly().waitFor();
        }

        assertThat(ended).as("Chromium ended").isTrue();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        assertThat(Files.readString(log)).doesNotContain("CONSOLE(", "Uncaught", "Refused to");
    }

    /**
     * axe-core (the accessibility engine browsers' audit tools use) scans the page in headless Chromium driven
     * through the machine's chromedriver: no serious or critical violation.
     */
    @Test
    void thePagePassesAnAccessibilityScanWithoutSeriousViolations() throws Exception {
        File browser = new File("/usr/lib/chromium/chromium");
        File driverBinary = new File("/usr/bin/chromedriver");
        assumeTrue(browser.canExecute() && driverBinary.canExecute(), "no Chromium and chromedriver on this machine");
        Path folder = Files.createDirectories(temp.resolve("scanned"));
        Files.writeString(folder.resolve("index.html"), exported.text("index.html"), StandardCharsets.UTF_8);
        ChromeOptions options = new ChromeOptions().setBinary(browser).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--user-data-dir=" + temp.resolve("axe-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary)
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(folder.resolve("index.html").toUri().toString());

            Results results = new AxeBuilder().analyze(driver);

            assertThat(results.isErrored()).as("axe ran").isFalse();
            assertThat(results.getPasses()).isNotEmpty();
            assertThat(results.getViolations())
                    .filteredOn(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                    .extracting(rule -> rule.getId() + ": " + rule.getHelp() + " (" + rule.getNodes().size() + ")")
                    .isEmpty();
            // The scan can fail: a page with an unlabelled image and grey-on-grey text does.
            Files.writeString(folder.resolve("bad.html"), "<!DOCTYPE html><html><head><title>x</title></head><body>"
                    + "<main><img src=\"x.png\"><p style=\"color:#999;background:#aaa\">faint</p></main></body></html>");
            driver.get(folder.resolve("bad.html").toUri().toString());
            assertThat(new AxeBuilder().analyze(driver).getViolations()).extracting(rule -> rule.getId())
                    .contains("image-alt", "color-contrast");
        } finally {
            driver.quit();
            service.stop();
        }
    }
}
