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

    static final String QUERY = "SELECT * FROM api_tokens WHERE user_id = #{userId} ORDER BY id";

    static ExportSection section(String name, String query, String... redact) {
        return new ExportSection(name, query, false, Arrays.asList(redact), Optional.empty());
    }

    @Test
    void aValidSectionKeepsItsQueryRedactionsAndDescription() {
        ExportSection section = new ExportSection("api_tokens", QUERY, false, List.of("token_hash"),
                Optional.of("  Your API tokens  "));

        assertThat(section.query()).isEqualTo(QUERY);
        assertThat(section.isRedacted("token_hash")).isTrue();
        assertThat(section.isRedacted("name")).isFalse();
        assertThat(section.description()).contains("Your API tokens");
        assertThat(section.fileName()).isEqualTo("api_tokens.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Account", "api-tokens", "api tokens", "ünïcode", "a/b", "../x", "x.json"})
    void aNameOutsideLowercaseDigitsAndUnderscoreIsRefusedNamingTheSection(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> section(name, QUERY))
                .withMessageStartingWith("section '")
                .withMessageContaining("a-z, 0-9 and _");
    }

    @Test
    void aMissingNameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> section(null, QUERY))
                .withMessageStartingWith("section without a name");
    }

    @Test
    void aNameLongerThanSixtyFourCharactersIsRefused() {
        assertThat(section("a".repeat(64), QUERY).name()).hasSize(64);
        assertThatIllegalArgumentException().isThrownBy(() -> section("a".repeat(65), QUERY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"meta", "dsar_request", "index"})
    void namesOfThePackagesOwnFilesAreReserved(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> section(name, QUERY))
                .withMessage("section '" + name + "': the name is reserved for the package's own files"
                        + " (dsar_request, index, meta)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "SELECT * FROM users", "SELECT * FROM users WHERE id = #{userid}",
            "SELECT * FROM users WHERE id = #{ userId }"})
    void aQueryWithoutTheUserIdParameterIsRefused(String query) {
        assertThatIllegalArgumentException().isThrownBy(() -> section("account", query))
                .withMessageStartingWith("section 'account': ");
    }

    @Test
    void aQueryWithAnotherParameterIsRefusedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> section("account", "SELECT * FROM users WHERE id = #{userId} AND org = #{orgId}"))
                .withMessage("section 'account': unknown parameter #{orgId}; the only parameter is #{userId}");
    }

    @Test
    void theUserIdParameterMayAppearSeveralTimes() {
        assertThat(section("runs", "SELECT * FROM runs WHERE user_id = #{userId} OR owner_id = #{userId}").query())
                .contains("owner_id = #{userId}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM users WHERE id = #{userId}; DELETE FROM users",
        "SELECT * FROM users WHERE id = #{userId};SELECT 1",
        "SELECT 1; SELECT * FROM users WHERE id = #{userId}",
    })
    void aQueryWithSeveralStatementsIsRefused(String query) {
        assertThatIllegalArgumentException().isThrownBy(() -> section("account", query))
                .withMessage("section 'account': the query holds more than one statement");
    }

    @Test
    void trailingSemicolonsAreDropped() {
        assertThat(section("account", "SELECT * FROM users WHERE id = #{userId} ; ; ").query())
                .isEqualTo("SELECT * FROM users WHERE id = #{userId}");
    }

    @Test
    void aColumnRedactedTwiceOrWithoutANameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> section("api_tokens", QUERY, "token_hash", "token_hash"))
                .withMessage("section 'api_tokens': column 'token_hash' is redacted twice");
        assertThatIllegalArgumentException().isThrownBy(() -> section("api_tokens", QUERY, " "))
                .withMessage("section 'api_tokens': a redacted column name is empty");
    }

    @Test
    void aKeyNamesAColumn() {
        assertThat(new ExportSection("logs", QUERY, false, List.of(), Optional.empty(), Optional.of("id")).key())
                .contains("id");
        assertThat(section("logs", QUERY).key()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(
                        () -> new ExportSection("logs", QUERY, false, List.of(), Optional.empty(), Optional.of(" ")))
                .withMessage("section 'logs': the key must name a column");
    }

    @Test
    void aBlankDescriptionIsNoDescription() {
        assertThat(new ExportSection("account", QUERY, true, null, Optional.of("  ")).description()).isEmpty();
    }

    @Test
    void sectionsOfAnExportHaveUniqueNames() {
        ExportSection account = section("account", QUERY);

        assertThat(new ExportSections(List.of(account, section("tokens", QUERY))).names())
                .containsExactly("account", "tokens");
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportSections(List.of(account, section("account", QUERY))))
                .withMessage("section 'account': the name is used twice");
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportSections(List.of()))
                .withMessage("there must be at least one section");
    }
}
