package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dsar.adapters.persistence.SectionQuery;
import dev.dsar.domain.DataController;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.Processing;
import dev.dsar.domain.ExportSections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SectionsFileTest {

    /** A valid sections array, for cases about the controller. */
    static final String A = "\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\"}]";

    @TempDir
    Path temp;

    static ConfigurationException refused(String content) {
        return catchThrowableOfType(ConfigurationException.class, () -> SectionsFile.parse("sections.json", content));
    }

    @Test
    void theBuiltInSectionsCoverTheDemoSchemaWithTokenHashesRedacted() {
        ExportSections sections = SectionsFile.load(Optional.empty()).sections();

        assertThat(sections.names()).containsExactly("account", "workflows", "workflow_runs", "api_tokens", "audit_logs");
        assertThat(sections.sections().get(0).single()).isTrue();
        assertThat(sections.sections().get(3).redact()).containsExactly("token_hash");
        assertThat(sections.sections()).allSatisfy(section -> assertThat(section.description()).isPresent());
    }

    @Test
    void theContractsExampleIsAValidFile() throws Exception {
        Path file = Files.writeString(temp.resolve("sections.json"), """
                {"sections": [
                  {"name": "account", "single": true,
                   "query": "SELECT id, email, display_name, created_at FROM users WHERE id = #{userId}"},
                  {"name": "api_tokens", "query": "SELECT * FROM api_tokens WHERE user_id = #{userId} ORDER BY id",
                   "redact": ["token_hash"]}
                ]}""");

        SectionsFile.Loaded loaded = SectionsFile.load(Optional.of(file));

        assertThat(loaded.sections().sections()).containsExactly(
                new ExportSection("account", true, java.util.List.of(), Optional.empty()),
                new ExportSection("api_tokens", false, java.util.List.of("token_hash"), Optional.empty()));
        assertThat(loaded.sections().sections()).extracting(section -> loaded.queries().of(section)).containsExactly(
                new SectionQuery("account", "SELECT id, email, display_name, created_at FROM users WHERE id = #{userId}"),
                new SectionQuery("api_tokens", "SELECT * FROM api_tokens WHERE user_id = #{userId} ORDER BY id"));
    }

    @Test
    void theBuiltInSectionsSayWhatArticle15AsksForEachSectionAndNameTheController() {
        ExportSections sections = SectionsFile.builtIn().sections();

        assertThat(sections.controller()).hasValueSatisfying(controller -> {
            assertThat(controller.contact()).isPresent();
            assertThat(controller.dpoContact()).isPresent();
            assertThat(controller.supervisoryAuthority()).isPresent();
        });
        assertThat(sections.sections()).allSatisfy(section -> {
            assertThat(section.processing().purpose()).isPresent();
            assertThat(section.processing().legalBasis()).isPresent();
            assertThat(section.processing().recipients()).isPresent();
            assertThat(section.processing().retention()).isPresent();
            assertThat(section.processing().source()).isPresent();
            assertThat(section.labels()).isNotEmpty();
        });
        assertThat(sections.sections().get(3).labelOf("token_hash")).isEqualTo("API token (secret part withheld)");
    }

    @Test
    void theControllerAndEachSectionsProcessingAreReadWithLabelsInTheFilesOrder() {
        SectionsFile.Loaded loaded = SectionsFile.parse("sections.json", """
                {"controller": {"name": " Example Ltd ", "contact": "privacy@example.com",
                                "dpo_contact": "dpo@example.com", "supervisory_authority": "ICO"},
                 "sections": [{"name": "a", "query": "SELECT #{userId}", "purpose": "Billing",
                   "legal_basis": "Contract", "recipients": "Bank", "retention": "10 years", "source": "You",
                   "labels": {"z_col": "Zed", "a_col": "Ay"}}]}""");

        DataController controller = loaded.sections().controller().orElseThrow();
        assertThat(controller).isEqualTo(new DataController("Example Ltd", Optional.of("privacy@example.com"),
                Optional.of("dpo@example.com"), Optional.of("ICO")));
        ExportSection section = loaded.sections().sections().get(0);
        assertThat(section.processing()).isEqualTo(new Processing(Optional.of("Billing"), Optional.of("Contract"),
                Optional.of("Bank"), Optional.of("10 years"), Optional.of("You")));
        assertThat(section.labels().keySet()).containsExactly("z_col", "a_col");
        assertThat(section.labelOf("other")).isEqualTo("other");
    }

    @Test
    void aFileWithoutTheNewKeysStatesNothingItDoesNotKnow() {
        SectionsFile.Loaded loaded = SectionsFile.parse("sections.json", "{" + A + "}");

        assertThat(loaded.sections().controller()).isEmpty();
        assertThat(loaded.sections().sections().get(0).processing()).isEqualTo(Processing.UNSTATED);
        assertThat(loaded.sections().sections().get(0).labels()).isEmpty();
    }

    @Test
    void aMissingFileIsNamedWithTheVariable() {
        ConfigurationException problem = catchThrowableOfType(ConfigurationException.class,
                () -> SectionsFile.load(Optional.of(temp.resolve("missing.json"))));

        assertThat(problem.variable()).isEqualTo("DSAR_SECTIONS_CONFIG");
        assertThat(problem).hasMessageStartingWith("DSAR_SECTIONS_CONFIG: " + temp.resolve("missing.json"))
                .hasMessageContaining("cannot be read");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"sections\": [`| is not a valid JSON object",
        "`[]`| is not a valid JSON object",
        "`{}`| expected {\"sections\": [...]}",
        "`{\"sections\": {}}`| expected {\"sections\": [...]}",
        "`{\"sections\": [], \"extra\": 1}`| unknown key 'extra'",
        "`{\"sections\": []}`| there must be at least one section",
        "`{\"sections\": [42]}`| section 1: expected an object",
        "`{\"sections\": [{\"query\": \"SELECT #{userId}\"}]}`| section 1: 'name' must be a string",
        "`{\"sections\": [{\"name\": \"Bad-Name\", \"query\": \"SELECT #{userId}\"}]}`| section 'Bad-Name': the name must be",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT 1\"}]}`| section 'a': the query does not use #{userId}",
        "`{\"sections\": [{\"name\": \"a\", \"qeury\": \"SELECT #{userId}\"}]}`| section 'a': unknown key 'qeury'",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\", \"single\": \"yes\"}]}`| section 'a': 'single' must be true or false",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\", \"redact\": \"x\"}]}`| section 'a': 'redact' must be an array",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}; DROP TABLE users\"}]}`| section 'a': the query holds more than one statement",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\"}, {\"name\": \"a\", \"query\": \"SELECT #{userId}\"}]}`| section 'a': the name is used twice",
        // Several problems in one section: the fields' types, then the name, then the query, then the rest.
        "`{\"sections\": [{\"name\": \"Bad-Name\", \"query\": \"SELECT 1\", \"single\": 1}]}`| section 'Bad-Name': 'single' must be true or false",
        "`{\"sections\": [{\"name\": \"Bad-Name\", \"query\": \"SELECT 1\"}]}`| section 'Bad-Name': the name must be",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT 1\", \"redact\": [\" \"]}]}`| section 'a': the query does not use #{userId}",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT 1\", \"purpose\": 1}]}`| section 'a': the query does not use #{userId}",
        // What Art. 15 asks the controller to say: read strictly, each problem naming the section and the key.
        "`{\"controller\": {\"name\": \"X\", \"phone\": \"1\"}, " + A + "}`| controller: unknown key 'phone' (allowed: name, contact, dpo_contact, supervisory_authority)",
        "`{\"controller\": {\"contact\": \"x@example.com\"}, " + A + "}`| controller: 'name' is required",
        "`{\"controller\": \"X\", " + A + "}`| controller: expected an object",
        "`{\"controller\": {\"name\": [\"X\"]}, " + A + "}`| controller: 'name' must be text",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\", \"purpose\": 1}]}`| section 'a': 'purpose' must be text",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\", \"legal_basis\": {}}]}`| section 'a': 'legal_basis' must be text",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\", \"labels\": [\"x\"]}]}`| section 'a': 'labels' must be an object of column names to labels",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\", \"labels\": {\"x\": 2}}]}`| section 'a': 'labels.x' must be an object of column names to labels",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\", \"labels\": {\"x\": \" \"}}]}`| section 'a': 'labels': the label of column 'x' is empty",
        "`{\"sections\": [{\"name\": \"a\", \"query\": \"SELECT #{userId}\", \"purpse\": \"x\"}]}`| section 'a': unknown key 'purpse' (allowed: description, key, labels, legal_basis, name, purpose, query, recipients, redact, retention, single, source)",
    })
    void anInvalidFileStopsStartUpNamingTheFileAndTheSection(String content, String problem) {
        ConfigurationException refused = refused(content);

        assertThat(refused).isNotNull();
        assertThat(refused.variable()).isEqualTo("DSAR_SECTIONS_CONFIG");
        assertThat(refused.getMessage()).startsWith("DSAR_SECTIONS_CONFIG: sections.json: ").contains(problem.strip());
        assertThat(refused.getMessage().lines()).hasSize(1);
    }
}
