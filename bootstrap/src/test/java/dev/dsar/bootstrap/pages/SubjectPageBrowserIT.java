package dev.dsar.bootstrap.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.UserId;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The data subject's page in a real browser against a real service (database, worker, files). */
class SubjectPageBrowserIT {

    static final String EXPIRED = "The export file has expired and been deleted for security reasons. Please generate a new export.";

    /** With the export worker: requests are exported as they would be in production. */
    @RegisterExtension
    static final RunningService live = new RunningService().with("DSAR_EXPORT_WORKER_ENABLED", "true");

    /** Without it: requests stay in the stage a test plants them in. */
    @RegisterExtension
    static final RunningService staged = new RunningService();

    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void aSubjectRequestsWatchesItCompleteDownloadsItAndAfterExpiryGeneratesANewOne() throws Exception {
        UserId subject = live.newUser();
        browser.open(page(live, live.token(subject)));

        // The token left the address bar for this tab's sessionStorage.
        browser.waitFor(driver -> browser.find("#empty").getText().equals("You have not requested your data yet."));
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("token").endsWith("/dsar/");
        assertThat(browser.script("return sessionStorage.getItem('dsar.subject.token')")).isEqualTo(live.token(subject));
        browser.screenshot(Screenshots.file("subject-empty"));

        browser.find("#request").click();
        // No reload: the page polls until the worker has finished, then stops.
        WebElement ready = browser.waitFor(driver -> driver.findElement(By.cssSelector("[data-status='completed']")));
        assertThat(ready.getText()).contains("Ready to download", "available for 29 more days");
        assertThat(browser.find("#notice").getText()).contains("Ready to download");
        // Nothing left in progress: the page stops asking (body[data-polling] mirrors its timer).
        assertThat(browser.find("body").getAttribute("data-polling")).isEqualTo("off");
        browser.screenshot(Screenshots.file("subject-ready"));

        String reference = ready.getAttribute("data-reference");
        JsonObject request = live.get("/api/dsar/requests/" + reference, live.token(subject)).bodyAsJsonObject()
                .getJsonObject("request");
        ready.findElement(By.tagName("button")).click();
        Path file = browser.downloaded("dsar-" + reference + ".zip");
        assertThat(RunningService.sha256(Files.readAllBytes(file))).isEqualTo(request.getString("sha256"));
        Files.delete(file);

        live.clock().advance(Duration.ofDays(31));
        browser.find("#refresh").click();
        WebElement expired = browser.waitFor(driver -> driver.findElement(By.cssSelector("[data-status='expired']")));
        assertThat(expired.findElement(By.cssSelector(".message")).getText()).isEqualTo(EXPIRED);
        browser.screenshot(Screenshots.file("subject-expired"));

        WebElement generate = expired.findElement(By.tagName("button"));
        assertThat(generate.getText()).isEqualTo("Generate a new export");
        generate.click();
        browser.waitFor(driver -> driver.findElements(By.cssSelector("[data-status='completed']")).size() == 1
                && driver.findElements(By.cssSelector("#requests > li")).size() == 2);
        // Newest first.
        assertThat(browser.all("#requests > li").get(0).getAttribute("data-status")).isEqualTo("completed");
        assertThat(browser.all("#requests > li").get(1).getAttribute("data-reference")).isEqualTo(reference);
    }

    @Test
    void inProgressAndFailedRequestsSayWhatIsHappeningInPlainWords() {
        UserId subject = staged.newUser();
        staged.requestIn(subject, DsarStatus.FAILED);
        staged.requestIn(subject, DsarStatus.PENDING);
        browser.open(page(staged, staged.token(subject)));

        browser.waitFor(driver -> driver.findElements(By.cssSelector("#requests > li")).size() == 2);
        assertThat(browser.find("[data-status='pending']").getText()).contains("Waiting to start",
                "This page updates by itself");
        assertThat(browser.find("[data-status='failed']").getText()).contains("Failed", "Try again");
        // One request at a time: asking again shows the one in progress.
        browser.find("#request").click();
        assertThat(browser.find("#notice").getText()).isEqualTo("You already have a request in progress; it is shown below.");
        assertThat(browser.script("return document.activeElement.closest('li').dataset.status")).isEqualTo("pending");
        assertThat(browser.find("body").getAttribute("data-polling")).isEqualTo("on");
        browser.screenshot(Screenshots.file("subject-in-progress"));
    }

    @Test
    void aTokenThatExpiresWhileThePageIsOpenEndsTheSessionWithAClearMessage() {
        UserId subject = staged.newUser();
        staged.completedExport(subject, 2048);
        JwtTokens tokens = new JwtTokens(staged.vertx(), new JwtSettings(RunningService.SECRET, Optional.empty(),
                Optional.empty()));
        String shortLived = tokens.mint(subject, false, Duration.ofMinutes(10), staged.clock().instant());
        browser.open(page(staged, shortLived));
        browser.waitFor(driver -> driver.findElements(By.cssSelector("[data-status='completed']")).size() == 1);

        java.time.Instant before = staged.clock().instant();
        staged.clock().advance(Duration.ofMinutes(11));
        try {
            browser.find("[data-status='completed'] button").click();
            browser.waitFor(driver -> driver.findElement(By.id("alert")).isDisplayed());
        } finally {
            // Tokens minted later must not carry an issue time ahead of the real clock.
            staged.clock().set(before);
        }

        WebElement alert = browser.waitFor(driver -> {
            WebElement box = driver.findElement(By.id("alert"));
            return box.isDisplayed() ? box : null;
        });
        assertThat(alert.getText()).isEqualTo("Your session has expired. Please open this page again from the "
                + "application to continue.");
        assertThat(alert.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.find("#refresh").isEnabled()).isFalse();
        assertThat(browser.script("return sessionStorage.getItem('dsar.subject.token')")).isNull();
        assertThat(browser.find("body").getAttribute("data-polling")).isEqualTo("off");
        browser.screenshot(Screenshots.file("subject-session-expired"));
        // The one problem in the console is the refused call itself (Chromium logs every 4xx answer).
        assertThat(browser.consoleProblems()).singleElement().asString().contains("401");
    }

    @Test
    void withoutATokenThePageSaysWhatToDoInsteadOfStayingBlank() {
        browser.open(base(staged) + "/dsar/");
        browser.script("sessionStorage.clear()");
        browser.driver().navigate().refresh();

        assertThat(browser.waitFor(driver -> driver.findElement(By.id("alert"))).getText())
                .isEqualTo("This page needs a sign-in link. Please open it again from the application that sent you here.");
        assertThat(browser.find("#request").isEnabled()).isFalse();
    }

    @Test
    void theWholePageWorksFromTheKeyboardAlone() {
        UserId subject = staged.newUser();
        staged.completedExport(subject, 1024);
        browser.open(page(staged, staged.token(subject)));
        browser.waitFor(driver -> driver.findElements(By.cssSelector("[data-status='completed']")).size() == 1);

        // Tab order follows the reading order: the actions, then each request's own.
        List<String> reached = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            reached.add(focusedText());
        }
        assertThat(reached).containsExactly("Request my data", "Refresh", "Download");
        // The focused control is visibly outlined.
        assertThat(browser.script("return getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");

        new Actions(browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertThat(focusedText()).isEqualTo("Refresh");
        // Refreshing redraws the list; the focus stays where it was.
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        browser.waitFor(driver -> browser.script("return document.activeElement.id").equals("refresh"));
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertThat(focusedText()).isEqualTo("Download");
    }

    @Test
    void axeFindsNoSeriousOrCriticalViolationsInAnyState() {
        UserId subject = staged.newUser();
        staged.completedExport(subject, 1024);
        staged.requestIn(subject, DsarStatus.FAILED);
        browser.open(page(staged, staged.token(subject)));
        browser.waitFor(driver -> driver.findElements(By.cssSelector("#requests > li")).size() == 2);

        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }

    @Test
    void onAPhoneThePageFitsTheScreenWidth() {
        UserId subject = staged.newUser();
        staged.completedExport(subject, 1024);
        browser.resize(390, 844);
        try {
            browser.open(page(staged, staged.token(subject)));
            browser.waitFor(driver -> driver.findElements(By.cssSelector("[data-status='completed']")).size() == 1);

            assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo((Long) browser.script("return window.innerWidth"));
            browser.screenshot(Screenshots.file("subject-phone"));
        } finally {
            browser.resize(1280, 900);
        }
    }

    private String focusedText() {
        return String.valueOf(browser.script("return document.activeElement.textContent.trim()"));
    }

    static String base(RunningService service) {
        return "http://127.0.0.1:" + service.service().port();
    }

    static String page(RunningService service, String token) {
        return base(service) + "/dsar/#token=" + token;
    }
}
