package dev.dsar.bootstrap.pages;

import dev.dsar.bootstrap.testing.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, one browser for a test class, with a download
 * directory of its own and the console kept for inspection. Nothing is downloaded: without both binaries the
 * class's tests are skipped, saying why (CI installs them: .ci/run).
 */
public final class Browser implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** How long a page may take to reach an expected state before the test fails (a bound, not a pause). */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private ChromeDriverService service;
    private ChromeDriver driver;
    private Path downloads;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (" + CHROMIUM + " and " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver, as .ci/run does");
        downloads = Files.createTempDirectory("dsar-browser-downloads-");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-GB", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "safebrowsing.enabled", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(PATIENCE);
        // Headless Chromium saves downloads only when told where, through the DevTools protocol.
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString(), "eventsEnabled", true));
    }

    /**
     * After every test: no console error or warning and no CSP violation (Chromium reports both in the console).
     * A test that provokes one on purpose (a 401) reads {@link #consoleProblems()} itself and asserts it.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        org.assertj.core.api.Assertions.assertThat(consoleProblems())
                .as("console errors, warnings and CSP violations").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (downloads != null) {
            TempFiles.deleteTree(downloads);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Path downloads() {
        return downloads;
    }

    /** Loads the page anew (from a blank one, so that a URL differing only by its fragment is a new load). */
    public void open(String url) {
        driver.get("about:blank");
        driver.get(url);
    }

    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).until(condition);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * The console entries at WARNING level or above since the last call (errors, failed requests, and CSP
     * violations, which Chromium reports there), as text; reading them empties the log.
     */
    public List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Saves the viewport as PNG (for the README). */
    public void screenshot(Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    /**
     * The serious and critical violations axe-core finds on the current page. axe's own contrast check reads
     * canvas pixels, which Chromium comments on in the console: that advice, and only that, is cleared here.
     */
    public List<Map<String, Object>> seriousAccessibilityViolations() {
        List<Map<String, Object>> serious = axeViolations().stream()
                .filter(violation -> List.of("serious", "critical").contains(violation.get("impact"))).toList();
        org.assertj.core.api.Assertions.assertThat(consoleProblems())
                .allMatch(message -> message.contains("willReadFrequently"));
        return serious;
    }

    /** Runs axe-core on the current page; the violations found, as axe reports them. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> axeViolations() {
        String axe;
        try (InputStream in = Browser.class.getResourceAsStream(AXE)) {
            if (in == null) {
                throw new IllegalStateException("axe-core missing from the test class path: " + AXE);
            }
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        script(axe);
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.map(n => n.target.join(' '))}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
        return (List<Map<String, Object>>) result;
    }

    /** axe.min.js as bundled by com.deque.html.axe-core:selenium (the engine the package scan uses too). */
    static final String AXE = "/axe.min.js";

    /** A downloaded file once complete (Chromium writes {@code .crdownload} first, then renames). */
    public Path downloaded(String fileName) {
        Path file = downloads.resolve(fileName);
        waitFor(any -> Files.isRegularFile(file) && !Files.exists(downloads.resolve(fileName + ".crdownload")));
        return file;
    }
}
