package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorTextTest {

    @Test
    void everyKindOfLineBreakAndRunOfSpacesBecomesOneSpace() {
        assertThat(OperatorText.oneLine(" disk\nfull\r\n\tat\u2028 /srv \u0085 now ", "x", 100))
                .isEqualTo("disk full at /srv now");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void nothingToSayGivesTheFallback(String text) {
        assertThat(OperatorText.oneLine(text, "export failed", 100)).isEqualTo("export failed");
    }

    @Test
    void aLongTextIsCutToTheLimitWithAnEllipsis() {
        String cut = OperatorText.oneLine("a".repeat(600), "x", 500);

        assertThat(cut).hasSize(500).endsWith("a…");
        assertThat(OperatorText.oneLine("a".repeat(500), "x", 500)).isEqualTo("a".repeat(500));
    }

    @Test
    void aCutNeverSplitsACharacterMadeOfTwoCodeUnits() {
        String cut = OperatorText.oneLine("a".repeat(498) + "😀" + "tail", "x", 500);

        assertThat(cut).isEqualTo("a".repeat(498) + "…");
    }
}
