package dev.dsar.adapters.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.JsonText;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.DataController;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.Processing;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class IndexPageTest {

    /** Markup, quotes of both kinds, an entity, control characters, a right-to-left override and a bare surrogate. */
    static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;\u0000\u0007\u001b"
            + "\u0085\u202Egnp.exe\u200F\uD800 end";

    static final ReferenceId REF = new ReferenceId("GDPR-PAGE-1");

    static ExportSection section(String name, boolean single, List<String> redact, String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("id", "Number");
        labels.put("value", text);
        labels.put(text, text);
        return new ExportSection(name, single, redact, Optional.of(text), Optional.empty(),
                new Processing(Optional.of(text), Optional.of(text), Optional.of(text), Optional.of(text),
                        Optional.of(text)), labels);
    }

    static PackageDescription description(List<PackageDescription.Section> sections, Optional<DataController> controller) {
        return new PackageDescription(REF, new UserId(42), "operator:cli", Instant.parse("2026-03-04T05:00:00Z"),
                Instant.parse("2026-03-04T05:06:07.250Z"), Instant.parse("2026-03-04T05:06:09Z"), 1, sections,
                controller);
    }

    static String render(PackageDescription description, Map<String, SectionPreview> previews, boolean csv) {
        return new String(new IndexPage(description, previews, csv).render(), StandardCharsets.UTF_8);
    }

    static SectionPreview preview(SectionPreview.Budget budget, RowBatch... batches) {
        SectionPreview preview = new SectionPreview(new HumanValues(ZipPackageWriter.JSON), budget);
        for (RowBatch batch : batches) {
            preview.accept(batch);
        }
        return preview;
    }

    static PackagedFile file(ExportSection section, long records) {
        return new PackagedFile(section.fileName(), records, 10, "0".repeat(64));
    }

    @Test
    void hostileValuesThroughEveryPathAreShownAsTextAndNeverAsMarkup() {
        ExportSection single = section("account", true, List.of(), HOSTILE);
        ExportSection many = section("logs", false, List.of("value"), HOSTILE);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put(HOSTILE, List.of(HOSTILE, Map.of("k", HOSTILE)));
        List<String> columns = List.of("id", "value", HOSTILE, "json", "map", "other");
        Object[] row = {1L, HOSTILE, HOSTILE, new JsonText("{\"" + HOSTILE.replace("\\", "").replace("\"", "\\\"")
                .replaceAll("[\\u0000-\\u001f]", "") + "\": [\"<b>x</b>\"]}"), nested, new StringBuilder(HOSTILE)};
        SectionPreview.Budget budget = new SectionPreview.Budget();
        Map<String, SectionPreview> previews = Map.of(
                "account", preview(budget, new RowBatch(columns, List.<Object[]>of(row.clone()))),
                "logs", preview(budget, new RowBatch(columns, List.<Object[]>of(row.clone(), row.clone()))));
        DataController controller = new DataController(HOSTILE, Optional.of(HOSTILE), Optional.of(HOSTILE),
                Optional.of(HOSTILE));

        String page = render(description(List.of(new PackageDescription.Section(single, file(single, 1)),
                new PackageDescription.Section(many, file(many, 2))), Optional.of(controller)), previews, true);

        Document parsed = Jsoup.parse(page);
        assertThat(parsed.select("script, img, iframe, object, embed, link, [src]")).isEmpty();
        assertThat(parsed.getAllElements()).allSatisfy(element -> assertThat(element.attributes().asList())
                .noneMatch(attribute -> attribute.getKey().startsWith("on")));
        assertThat(page).doesNotContain("<script", "<img")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
                        + "&amp;amp;");
        // Characters HTML forbids are replaced; none reaches the page.
        assertThat(page.chars().filter(c -> (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
                || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate((char) c))).isEmpty();
        // A direction override cannot turn the text around it: every occurrence is inside its own <bdi>.
        assertThat(parsed.getElementsContainingOwnText("gnp.exe"))
                .isNotEmpty()
                .allSatisfy(element -> assertThat(element.tagName()).isEqualTo("bdi"));
        assertThat(parsed.text()).contains("<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;");
    }

    @Test
    void thePageAnswersArticle15ControllerRequestProcessingDataAndRights() {
        ExportSection tokens = new ExportSection("api_tokens", false, List.of("token_hash"),
                Optional.of("Your API tokens."), Optional.empty(),
                new Processing(Optional.of("To let programs act for you."), Optional.of("Contract, Art. 6(1)(b)."),
                        Optional.of("Our hosting provider."), Optional.of("Until revoked."), Optional.empty()),
                Map.of("token_hash", "API token (secret part withheld)", "created_at", "Created"));
        List<String> columns = List.of("id", "token_hash", "created_at", "scopes");
        SectionPreview preview = preview(new SectionPreview.Budget(), new RowBatch(columns, List.<Object[]>of(
                new Object[] {7L, ExportSection.REDACTED, OffsetDateTime.parse("2026-12-01T21:19:57.908346820Z"),
                        new JsonText("{\"read\": true, \"repos\": [\"a\", \"b\"]}")})));
        DataController controller = new DataController("Example Ltd", Optional.of("privacy@example.com"),
                Optional.of("dpo@example.com"), Optional.of("The Information Commissioner"));

        String page = render(description(List.of(new PackageDescription.Section(tokens, file(tokens, 1))),
                Optional.of(controller)), Map.of("api_tokens", preview), false);

        Document parsed = Jsoup.parse(page);
        assertThat(parsed.select("h1")).hasSize(1);
        assertThat(parsed.select("h2").eachText()).contains("Who holds your data", "Your request", "api_tokens",
                "Your rights");
        assertThat(parsed.text()).contains("Example Ltd", "privacy@example.com", "dpo@example.com",
                "An operator of the service asked for a copy of your data on your behalf on 4 March 2026, 05:00:00 UTC",
                "To let programs act for you.", "Contract, Art. 6(1)(b).", "Our hosting provider.", "Until revoked.",
                "Where it comes from " + IndexPage.NOT_STATED, "1 December 2026, 21:19:57",
                "correct", "erase", "restrict", "object", "The Information Commissioner",
                "write to privacy@example.com and quote the reference GDPR-PAGE-1");
        assertThat(parsed.select("section th[scope=col]").eachText()).containsExactly("id",
                "API token (secret part withheld)", "Created", "scopes");
        Element scopes = parsed.select("td ul.nested").first();
        assertThat(scopes).isNotNull();
        assertThat(scopes.select("> li").eachText()).containsExactly("read: yes", "repos: a b");
        assertThat(parsed.select(".redacted").eachText()).contains("[REDACTED]");
        assertThat(parsed.text()).contains("are withheld: API token (secret part withheld).");
        assertThat(page).doesNotContain("908346820", ".csv");
    }

    @Test
    void aLargeSectionShowsItsFirstRowsAndPointsToTheFullFiles() {
        ExportSection runs = ExportSection.of("workflow_runs");
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 1_000; i++) {
            rows.add(new Object[] {i, "run " + i});
        }
        SectionPreview preview = preview(new SectionPreview.Budget(), new RowBatch(List.of("id", "name"), rows));

        Document parsed = Jsoup.parse(render(description(List.of(new PackageDescription.Section(runs, file(runs, 1_000))),
                Optional.empty()), Map.of("workflow_runs", preview), true));

        assertThat(parsed.select("section tbody tr")).hasSize(SectionPreview.MAX_ROWS);
        assertThat(parsed.select("caption").eachText())
                .contains("The first 50 of 1000 records; all of them are in the files below");
        assertThat(parsed.select("a[href=workflow_runs.json]")).isNotEmpty();
        assertThat(parsed.select("a[href=workflow_runs.csv]")).isNotEmpty();
        assertThat(parsed.text()).contains("has not named the controller", "apostrophe");
    }

    @Test
    void thePageStaysSmallWhateverTheSizeOfTheValues() {
        String huge = "x".repeat(100_000);
        SectionPreview.Budget budget = new SectionPreview.Budget();
        List<PackageDescription.Section> sections = new ArrayList<>();
        Map<String, SectionPreview> previews = new LinkedHashMap<>();
        for (int s = 0; s < 20; s++) {
            ExportSection section = ExportSection.of("section_" + s);
            List<Object[]> rows = new ArrayList<>();
            for (int r = 0; r < 100; r++) {
                rows.add(new Object[] {huge, huge, huge, huge});
            }
            previews.put(section.name(), preview(budget, new RowBatch(List.of("a", "b", "c", "d"), rows)));
            sections.add(new PackageDescription.Section(section, file(section, 100)));
        }

        String page = render(description(sections, Optional.empty()), previews, false);

        assertThat(page.length()).isLessThan((int) SectionPreview.Budget.PAGE_CHARACTERS + 200_000);
        assertThat(page).contains("99500 more characters in the file",
                "The records are not shown on this page; they are in the files below.");
    }
}
