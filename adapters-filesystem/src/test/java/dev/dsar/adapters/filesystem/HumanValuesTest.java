package dev.dsar.adapters.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.JsonText;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HumanValuesTest {

    final HumanValues values = new HumanValues(ZipPackageWriter.JSON);

    @Test
    void timesAreShownInUtcToTheSecondAndDatesAsDates() {
        assertThat(values.cell(OffsetDateTime.parse("2026-12-01T22:19:57.908346820+01:00")))
                .isEqualTo("1 December 2026, 21:19:57");
        assertThat(values.cell(Instant.parse("2026-03-01T10:00:00Z"))).isEqualTo("1 March 2026, 10:00:00");
        assertThat(values.cell(LocalDate.parse("2026-05-06"))).isEqualTo("6 May 2026");
    }

    @Test
    void scalarsReadAsAPersonReadsThem() {
        assertThat(values.cell(null)).contains("\u2014");
        assertThat(values.cell(true)).isEqualTo("yes");
        assertThat(values.cell(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(values.cell(new byte[] {1, 2, 3})).isEqualTo("binary data, 3 bytes (base64 in the file)");
        assertThat(values.cell("a<b")).isEqualTo("<bdi>a&lt;b</bdi>");
    }

    @Test
    void jsonDocumentsAreNestedListsAndBrokenOnesStayText() {
        assertThat(values.cell(new JsonText("{\"a\": [1, null]}")))
                .isEqualTo("<ul class=\"nested\"><li><span class=\"key\"><bdi>a</bdi>:</span> <ol class=\"nested\">"
                        + "<li><bdi>1</bdi></li><li><span class=\"none\" title=\"no value\">\u2014</span></li></ol></li></ul>");
        assertThat(values.cell(new JsonText("{\"a\": [1, <"))).isEqualTo("<code><bdi>{&quot;a&quot;: [1, &lt;</bdi></code>");
    }

    @Test
    void longTextsAndLargeDocumentsAreCutWithAPointerToTheFile() {
        assertThat(values.cell("x".repeat(HumanValues.TEXT_LIMIT + 7))).endsWith("\u2026 (7 more characters in the file)</span></bdi>");
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(i);
        }
        String shown = values.cell(new JsonText(many.toString()));
        assertThat(shown).contains("the rest is in the file").hasSizeLessThan(10_000);
        assertThat(values.cell(many)).contains("the rest is in the file").hasSizeLessThan(10_000);
        assertThat(values.cell(new JsonText("[".repeat(100) + "]".repeat(100)))).contains("the rest is in the file");
    }
}
