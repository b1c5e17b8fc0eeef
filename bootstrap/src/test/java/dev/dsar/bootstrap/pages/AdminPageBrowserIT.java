package dev.dsar.bootstrap.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/** The admin page in a real browser against a real service. */
class AdminPageBrowserIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void anAdminSeesTheFiguresDryRunsThenRunsCleanupAfterConfirmingAndTheChartShowsTheRuns() {
        RunningService.Export expired = plantedLongAgo(() -> dsar.completedExport(dsar.newUser(), 4096));
        String admin = dsar.adminToken(dsar.newUser());
        browser.open(page(admin));
        browser.waitFor(driver -> driver.findElement(By.id("storage")).getText().contains("Export files"));
        assertThat(browser.find("#stats").getText()).contains("Cleanup cycles", "Last run");

        browser.find("#dry-run").click();
        WebElement report = browser.waitFor(driver -> {
            WebElement box = driver.findElement(By.id("report"));
            return box.isDisplayed() ? box : null;
        });
        assertThat(report.getText()).contains("Dry run: what would go", "Files deleted\n1");
        assertThat(expired.file()).exists();

        browser.find("#run-now").click();
        WebElement dialog = browser.waitFor(driver -> {
            WebElement box = driver.findElement(By.id("confirm"));
            return box.isDisplayed() ? box : null;
        });
        assertThat(dialog.getText()).contains("Run cleanup now?");
        browser.screenshot(Screenshots.file("admin-confirm"));
        browser.find("#confirm-run").click();
        browser.waitFor(driver -> driver.findElement(By.id("report")).getText().contains("Cleanup report"));
        assertThat(browser.find("#report").getText()).contains("Files deleted\n1");
        assertThat(expired.file()).doesNotExist();

        // The chart draws the runs the API reports, oldest on the left.
        JsonArray runs = dsar.get("/api/admin/dsar/cleanup/runs?limit=30", admin).bodyAsJsonObject().getJsonArray("runs");
        List<String> filesDeleted = new java.util.ArrayList<>(runs.stream()
                .map(run -> String.valueOf(((JsonObject) run).getLong("files_deleted"))).toList());
        java.util.Collections.reverse(filesDeleted);
        String files = String.join(",", filesDeleted);
        WebElement chart = browser.waitFor(driver -> driver.findElement(By.cssSelector("[data-chart='files'] svg")));
        assertThat(chart.getAttribute("data-values")).isEqualTo(files);
        assertThat(browser.all("[data-chart='files'] rect")).hasSize(runs.size());
        browser.script("arguments[0].scrollIntoView({block: 'center'})", chart);
        browser.screenshot(Screenshots.file("admin-cleanup"));
    }

    @Test
    void requestsAreFilteredPagedAndOpenOnTheirAuditTrailWithOverdueOnesMarked() {
        UserId late = dsar.newUser();
        plantedLongAgo(() -> dsar.requestIn(late, DsarStatus.PENDING));
        for (int i = 0; i < 22; i++) {
            dsar.requestIn(dsar.newUser(), DsarStatus.PENDING);
        }
        browser.open(page(dsar.adminToken(dsar.newUser())));
        browser.waitFor(driver -> driver.findElements(By.cssSelector("#requests tbody tr")).size() == 20);

        // Keyset pages: the next one holds other requests.
        Set<String> first = references();
        browser.find("#next-page").click();
        browser.waitFor(driver -> !references().isEmpty() && !first.containsAll(references()));
        Set<String> second = references();
        assertThat(second).doesNotContainAnyElementsOf(first);

        browser.find("#filter-user").sendKeys(Long.toString(late.value()));
        new Select(browser.find("#filter-status")).selectByValue("pending");
        browser.find("#filters button[type='submit']").click();
        browser.waitFor(driver -> driver.findElements(By.cssSelector("#requests tbody tr")).size() == 1);
        WebElement row = browser.find("#requests tbody tr");
        assertThat(row.getAttribute("class")).contains("overdue");
        assertThat(row.getText()).contains("Overdue", "Waiting to start");
        browser.screenshot(Screenshots.file("admin-requests"));

        row.findElement(By.tagName("button")).click();
        WebElement detail = browser.waitFor(driver -> {
            WebElement box = driver.findElement(By.id("detail"));
            return box.isDisplayed() && !box.findElements(By.cssSelector("#events tr")).isEmpty() ? box : null;
        });
        assertThat(detail.getText()).contains("Audit trail");
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("detail");
        browser.screenshot(Screenshots.file("admin-detail"));
    }

    @Test
    void deadNotificationsAreListedAndSentAgainFromThePage() {
        String reference = "GDPR-PAGE-DEAD-" + dsar.newUser().value();
        dsar.database().execute("INSERT INTO dsar_webhook_events (event_type, gdpr_reference_id, user_id, occurred_at,"
                + " state, attempts, next_attempt_at, retry_from, last_http_status, last_error, dead_at)"
                + " VALUES ('export.failed', '" + reference + "', 7, now() - interval '2 days', 'dead', 31,"
                + " now() - interval '1 day', now() - interval '2 days', 503, 'HTTP 503', now() - interval '1 day')");
        String admin = dsar.adminToken(dsar.newUser());
        browser.open(page(admin));
        WebElement row = browser.waitFor(driver -> driver.findElements(By.cssSelector("#webhooks tbody tr")).stream()
                .filter(tr -> tr.getText().contains(reference)).findFirst().orElse(null));
        assertThat(row.getAttribute("data-state")).isEqualTo("dead");
        assertThat(row.getText()).contains("export.failed", "Dead", "HTTP 503");
        String id = row.getAttribute("data-event");

        row.findElement(By.tagName("button")).click();

        browser.waitFor(driver -> driver.findElement(By.id("notice")).getText()
                .contains("The notification is waiting to be sent again."));
        JsonArray pending = dsar.get("/api/admin/dsar/webhooks?state=pending", admin).bodyAsJsonObject()
                .getJsonArray("events");
        assertThat(pending.stream().map(event -> String.valueOf(((JsonObject) event).getLong("id")))).contains(id);
    }

    @Test
    void anAdminRequestsAnExportOnBehalfOfAUser() {
        UserId subject = dsar.newUser();
        browser.open(page(dsar.adminToken(dsar.newUser())));
        browser.waitFor(driver -> driver.findElement(By.id("storage")).getText().contains("Export files"));

        browser.find("#on-behalf-user").sendKeys("not a number");
        browser.find("#on-behalf button").click();
        assertThat(browser.find("#on-behalf-error").getText()).isEqualTo("Enter a user id: a whole number above zero.");

        browser.find("#on-behalf-user").clear();
        browser.find("#on-behalf-user").sendKeys(Long.toString(subject.value()));
        browser.find("#on-behalf button").click();

        browser.waitFor(driver -> driver.findElement(By.id("notice")).getText().endsWith("recorded."));
        JsonArray theirs = dsar.get("/api/dsar/requests", dsar.token(subject)).bodyAsJsonObject().getJsonArray("requests");
        assertThat(theirs).hasSize(1);
        assertThat(browser.find("#notice").getText()).contains(theirs.getJsonObject(0).getString("reference_id"));
    }

    @Test
    void theCleanupIsRunFromTheKeyboardAloneAndEscapeCancelsIt() {
        browser.open(page(dsar.adminToken(dsar.newUser())));
        browser.waitFor(driver -> driver.findElement(By.id("storage")).getText().contains("Export files"));

        assertThat(tabUntil("Run cleanup now")).isTrue();
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        browser.waitFor(driver -> driver.findElement(By.id("confirm")).isDisplayed());
        assertThat(focusedText()).isEqualTo("Cancel");
        new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
        browser.waitFor(driver -> !driver.findElement(By.id("confirm")).isDisplayed());
        assertThat(focusedText()).isEqualTo("Run cleanup now");

        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        browser.waitFor(driver -> driver.findElement(By.id("confirm")).isDisplayed());
        new Actions(browser.driver()).sendKeys(Keys.TAB).sendKeys(Keys.ENTER).perform();
        browser.waitFor(driver -> driver.findElement(By.id("report")).getText().contains("Cleanup report"));
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("report");
        assertThat(browser.script("return getComputedStyle(document.querySelector('#dry-run')).outlineStyle"))
                .isNotNull();
    }

    @Test
    void axeFindsNoSeriousOrCriticalViolations() {
        dsar.requestIn(dsar.newUser(), DsarStatus.FAILED);
        browser.open(page(dsar.adminToken(dsar.newUser())));
        browser.waitFor(driver -> !driver.findElements(By.cssSelector("#requests tbody tr")).isEmpty());
        browser.find("#dry-run").click();
        browser.waitFor(driver -> driver.findElement(By.id("report")).isDisplayed());

        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }

    @Test
    void aTokenWithoutTheAdminRoleIsToldSoPlainly() {
        browser.open(page(dsar.token(dsar.newUser())));

        WebElement alert = browser.waitFor(driver -> {
            WebElement box = driver.findElement(By.id("alert"));
            return box.isDisplayed() ? box : null;
        });
        assertThat(alert.getText()).isEqualTo("This page is for data-protection administrators (role dsar-admin). "
                + "Your sign-in does not have it.");
        assertThat(browser.find("#run-now").isEnabled()).isFalse();
        assertThat(browser.consoleProblems()).isNotEmpty().allMatch(message -> message.contains("403"));
    }

    private static <T> T plantedLongAgo(java.util.function.Supplier<T> plant) {
        Instant now = dsar.clock().instant();
        dsar.clock().set(now.minus(Duration.ofDays(40)));
        try {
            return plant.get();
        } finally {
            dsar.clock().set(now);
        }
    }

    /** The listed references, read in one go (the table may be redrawn between two reads of single rows). */
    @SuppressWarnings("unchecked")
    private Set<String> references() {
        return new HashSet<>((List<String>) browser.script(
                "return [...document.querySelectorAll('#requests tbody tr')].map(row => row.dataset.reference)"));
    }

    private boolean tabUntil(String text) {
        for (int i = 0; i < 30; i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            if (focusedText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private String focusedText() {
        return String.valueOf(browser.script("return document.activeElement.textContent.trim()"));
    }

    private static String page(String token) {
        return "http://127.0.0.1:" + dsar.service().port() + "/admin/dsar/#token=" + token;
    }
}
