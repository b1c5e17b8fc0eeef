package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportSectionTest {

    static ExportSection section(String name, String... redact) {
        return new ExportSection(name, false, Arrays.asList(redact), Optional.empty());
    }

    @Test
    void aValidSectionKeepsItsRedactionsAndDescription() {
        ExportSection section = new ExportSection("api_tokens", false, List.of("token_hash"),
                Optional.of("  Your API tokens  "));

        assertThat(section.isRedacted("token_hash")).isTrue();
        assertThat(section.isRedacted("name")).isFalse();
        assertThat(section.description()).contains("Your API tokens");
        assertThat(section.fileName()).isEqualTo("api_tokens.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Account", "api-tokens", "api tokens", "ünïcode", "a/b", "../x", "x.json"})
    void aNameOutsideLowercaseDigitsAndUnderscoreIsRefusedNamingTheSection(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> section(name))
                .withMessageStartingWith("section '")
                .withMessageContaining("a-z, 0-9 and _");
    }

    @Test
    void aMissingNameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> section(null))
                .withMessageStartingWith("section without a name");
    }

    @Test
    void aNameLongerThanSixtyFourCharactersIsRefused() {
        assertThat(section("a".repeat(64)).name()).hasSize(64);
        assertThatIllegalArgumentException().isThrownBy(() -> section("a".repeat(65)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"meta", "dsar_request", "index"})
    void namesOfThePackagesOwnFilesAreReserved(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> section(name))
                .withMessage("section '" + name + "': the name is reserved for the package's own files"
                        + " (dsar_request, index, meta)");
    }

    @Test
    void aColumnRedactedTwiceOrWithoutANameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> section("api_tokens", "token_hash", "token_hash"))
                .withMessage("section 'api_tokens': column 'token_hash' is redacted twice");
        assertThatIllegalArgumentException().isThrownBy(() -> section("api_tokens", " "))
                .withMessage("section 'api_tokens': a redacted column name is empty");
    }

    @Test
    void aKeyNamesAColumn() {
        assertThat(new ExportSection("logs", false, List.of(), Optional.empty(), Optional.of("id")).key())
                .contains("id");
        assertThat(section("logs").key()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(
                        () -> new ExportSection("logs", false, List.of(), Optional.empty(), Optional.of(" ")))
                .withMessage("section 'logs': the key must name a column");
    }

    @Test
    void aBlankDescriptionIsNoDescription() {
        assertThat(new ExportSection("account", true, null, Optional.of("  ")).description()).isEmpty();
    }

    @Test
    void sectionsOfAnExportHaveUniqueNames() {
        ExportSection account = section("account");

        assertThat(new ExportSections(List.of(account, section("tokens"))).names())
                .containsExactly("account", "tokens");
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportSections(List.of(account, section("account"))))
                .withMessage("section 'account': the name is used twice");
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportSections(List.of()))
                .withMessage("there must be at least one section");
    }

    @Test
    void whatArticle15AsksIsOptionalStrippedAndAbsentWhenBlank() {
        Processing processing = new Processing(Optional.of(" Billing "), Optional.of(" "), null, Optional.empty(),
                Optional.of("You"));

        assertThat(processing.purpose()).contains("Billing");
        assertThat(processing.legalBasis()).isEmpty();
        assertThat(processing.recipients()).isEmpty();
        assertThat(processing.stated()).isTrue();
        assertThat(Processing.UNSTATED.stated()).isFalse();
        assertThat(section("account").processing()).isEqualTo(Processing.UNSTATED);
    }

    @Test
    void labelsNameColumnsForAPersonAndMustNotBeBlank() {
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("token_hash", " API token ");
        ExportSection tokens = new ExportSection("api_tokens", false, List.of(), Optional.empty(), Optional.empty(),
                null, labels);

        assertThat(tokens.labelOf("token_hash")).isEqualTo("API token");
        assertThat(tokens.labelOf("id")).isEqualTo("id");
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportSection("api_tokens", false, List.of(),
                        Optional.empty(), Optional.empty(), null, java.util.Map.of("id", "  ")))
                .withMessage("section 'api_tokens': 'labels': the label of column 'id' is empty");
    }

    @Test
    void aControllerHasANameAndOptionalContacts() {
        DataController controller = new DataController(" Example Ltd ", Optional.of(""), null, Optional.of("ICO"));

        assertThat(controller.name()).isEqualTo("Example Ltd");
        assertThat(controller.contact()).isEmpty();
        assertThat(controller.dpoContact()).isEmpty();
        assertThat(new ExportSections(List.of(section("a")), Optional.of(controller)).controller()).contains(controller);
        assertThatIllegalArgumentException().isThrownBy(() -> new DataController(" ", null, null, null))
                .withMessage("controller: 'name' is required and must not be blank");
    }
}
