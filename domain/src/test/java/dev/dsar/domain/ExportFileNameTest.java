package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportFileNameTest {

    private static final ReferenceId REF = new ReferenceId("GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

    private TimeZone savedZone;

    @BeforeEach
    void rememberDefaultZone() {
        savedZone = TimeZone.getDefault();
    }

    @AfterEach
    void restoreDefaultZone() {
        TimeZone.setDefault(savedZone);
    }

    @Test
    void theFinalNameIsDsarReferenceAndUtcStamp() {
        assertThat(ExportFileName.of(REF, AT).fileName())
                .isEqualTo("dsar_GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ_20260304_050607.zip");
    }

    @Test
    void theTemporaryNameAddsPartToTheFinalName() {
        ExportFileName temporary = ExportFileName.of(REF, AT).asTemporary();

        assertThat(temporary.temporary()).isTrue();
        assertThat(temporary.fileName()).isEqualTo("dsar_GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ_20260304_050607.zip.part");
    }

    @Test
    void asFinalTurnsTheTemporaryNameBackIntoTheFinalOne() {
        ExportFileName name = ExportFileName.of(REF, AT);

        assertThat(name.temporary()).isFalse();
        assertThat(name.asTemporary().asFinal()).isEqualTo(name);
        assertThat(name.asFinal()).isEqualTo(name);
        assertThat(name.asTemporary().asTemporary()).isEqualTo(name.asTemporary());
        assertThat(name.asTemporary()).isNotEqualTo(name);
    }

    @Test
    void toStringIsTheFileName() {
        ExportFileName name = ExportFileName.of(REF, AT);

        assertThat(name).hasToString(name.fileName());
        assertThat(name.asTemporary()).hasToString(name.asTemporary().fileName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "a", "0", "a_b", "a.b", "a-b", "a__b", "a..b", "a_", "a.", "a-", "x.zip",
        "x_20260101_000000", "x_20260101_000000.zip", "a_b.c-d_e", "ref.part",
        "a123456789012345678901234567890123456789012345678901234567890123",
    })
    void finalAndTemporaryNamesAreRecognisedAgain(String reference) {
        ExportFileName name = ExportFileName.of(new ReferenceId(reference), AT);

        assertThat(ExportFileName.recognise(name.fileName())).contains(name);
        assertThat(ExportFileName.recognise(name.asTemporary().fileName())).contains(name.asTemporary());
        assertThat(ExportFileName.recognise(name.fileName())).get()
                .satisfies(n -> assertThat(n.reference().value()).isEqualTo(reference))
                .satisfies(n -> assertThat(n.generatedAt()).isEqualTo(AT));
    }

    @Test
    void aRecognisedNameIsReadAsUtc() {
        assertThat(ExportFileName.recognise("dsar_x_20261231_235959.zip.part"))
                .contains(new ExportFileName(new ReferenceId("x"), Instant.parse("2026-12-31T23:59:59Z"), true));
    }

    @Test
    void theLeapDayIsADate() {
        assertThat(ExportFileName.recognise("dsar_x_20240229_120000.zip")).get()
                .extracting(ExportFileName::generatedAt).isEqualTo(Instant.parse("2024-02-29T12:00:00Z"));
    }

    @Test
    void fractionsOfASecondAreDroppedSoTheNameRoundTrips() {
        ExportFileName name = ExportFileName.of(REF, Instant.parse("2026-03-04T05:06:07.999999999Z"));

        assertThat(name.generatedAt()).isEqualTo(AT);
        assertThat(name).isEqualTo(ExportFileName.of(REF, AT));
        assertThat(name.fileName()).endsWith("_20260304_050607.zip");
        assertThat(ExportFileName.recognise(name.fileName())).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York", "Asia/Kolkata", "UTC"})
    void namesAreStampedInUtcWhateverTheDefaultZone(String zone) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        Instant nearMidnight = Instant.parse("2026-01-01T00:30:00Z");

        ExportFileName name = ExportFileName.of(new ReferenceId("x"), nearMidnight);

        assertThat(name.fileName()).isEqualTo("dsar_x_20260101_003000.zip");
        assertThat(name.packageRoot()).isEqualTo("dsar-x-20260101-003000/");
        assertThat(ExportFileName.recognise("dsar_x_20260101_003000.zip")).get()
                .extracting(ExportFileName::generatedAt).isEqualTo(nearMidnight);
    }

    @Test
    void thePackageRootIsOneFolderNamedWithDashes() {
        assertThat(ExportFileName.of(REF, AT).packageRoot())
                .isEqualTo("dsar-GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ-20260304-050607/");
    }

    @Test
    void thePackageRootIsTheSameForTheTemporaryAndFinalNames() {
        ExportFileName name = ExportFileName.of(new ReferenceId("a_b.c"), AT);

        assertThat(name.asTemporary().packageRoot()).isEqualTo(name.packageRoot()).isEqualTo("dsar-a_b.c-20260304-050607/");
    }

    @Test
    void thePackageRootSurvivesRecognition() {
        ExportFileName name = ExportFileName.of(REF, AT);

        assertThat(ExportFileName.recognise(name.fileName())).get()
                .extracting(ExportFileName::packageRoot).isEqualTo(name.packageRoot());
    }

    @Test
    void aNameNeedsAReferenceAndATime() {
        assertThatIllegalArgumentException().isThrownBy(() -> ExportFileName.of(null, AT));
        assertThatIllegalArgumentException().isThrownBy(() -> ExportFileName.of(REF, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportFileName(null, null, true));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        // not an export at all, or a different shape
        "dsar_x.zip", "dsar_x", "dsar_.zip", "x.zip", "dsar_x_20260101.zip", "dsar_x_000000.zip",
        "dsar__20260101_000000.zip", "dsar_x_20260101_000000", "dsar_x_20260101_000000.", "dsar_x_20260101_000000zip",
        "dsar_x_20260101_000000.zip.bak", "dsar_x_20260101_000000.zip.part.part", "dsar_x_20260101_000000.zip.tmp",
        "dsar_x_20260101_000000.part", "dsar_x_20260101_000000.zip.zip", "dsar_x_20260101_000000.ZIP",
        "DSAR_x_20260101_000000.zip", "Dsar_x_20260101_000000.zip", "dsar-x-20260101-000000.zip",
        "dsar_x_20260101-000000.zip", "dsar_x_2026010_000000.zip", "dsar_x_202601010_000000.zip",
        "dsar_x_20260101_00000.zip", "dsar_x_20260101_0000000.zip", "xdsar_x_20260101_000000.zip",
        "dsar_x_20260101_000000.zipx", ".dsar_x_20260101_000000.zip",
        // whitespace and control characters
        " dsar_x_20260101_000000.zip", "dsar_x_20260101_000000.zip ", "dsar_x_20260101_000000.zip\n",
        "dsar_x_20260101_000000.zip\u0000", "dsar_x\u0000_20260101_000000.zip", "dsar_x y_20260101_000000.zip",
        // path separators and traversal
        "/dsar_x_20260101_000000.zip", "exports/dsar_x_20260101_000000.zip", "../dsar_x_20260101_000000.zip",
        "..\\dsar_x_20260101_000000.zip", "dsar_../x_20260101_000000.zip", "dsar_a/b_20260101_000000.zip",
        "dsar_a\\b_20260101_000000.zip", "dsar_x_20260101_000000.zip/", "dsar_x_20260101_000000.zip/evil",
        // references the alphabet does not allow
        "dsar_.x_20260101_000000.zip", "dsar_-x_20260101_000000.zip", "dsar__x_20260101_000000.zip",
        "dsar_%2e_20260101_000000.zip", "dsar_\u00e9_20260101_000000.zip",
        "dsar_a1234567890123456789012345678901234567890123456789012345678901234_20260101_000000.zip",
        // digits that are not ASCII
        "dsar_x_\u0662\u0660\u0662\u0666\u0660\u0661\u0660\u0661_000000.zip",
        "dsar_x_\uFF12\uFF10\uFF12\uFF16\uFF10\uFF11\uFF10\uFF11_000000.zip",
    })
    void foreignNamesAreNotRecognised(String fileName) {
        assertThat(ExportFileName.recognise(fileName)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "20261301_000000, month 13",
        "20260001_000000, month 0",
        "20260100_000000, day 0",
        "20260132_000000, day 32",
        "20260101_250000, hour 25",
        "20260101_006000, minute 60",
        "20260101_000060, second 60",
        "20260101_999999, all nines",
        "20260229_000000, Feb 29 of a common year",
        "20260230_000000, Feb 30",
        "20260231_000000, Feb 31",
        "20260431_000000, Apr 31",
        "20260101_240000, hour 24",
    })
    void namesWithImpossibleStampsAreNotRecognised(String stamp, String why) {
        assertThat(ExportFileName.recognise("dsar_x_" + stamp + ".zip")).as(why).isEmpty();
        assertThat(ExportFileName.recognise("dsar_x_" + stamp + ".zip.part")).as(why).isEmpty();
    }
}
