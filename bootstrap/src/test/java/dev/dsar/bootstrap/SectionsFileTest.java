package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dsar.adapters.persistence.SectionQuery;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ExportSections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SectionsFileTest {

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
    })
    void anInvalidFileStopsStartUpNamingTheFileAndTheSection(String content, String problem) {
        ConfigurationException refused = refused(content);

        assertThat(refused).isNotNull();
        assertThat(refused.variable()).isEqualTo("DSAR_SECTIONS_CONFIG");
        assertThat(refused.getMessage()).startsWith("DSAR_SECTIONS_CONFIG: sections.json: ").contains(problem.strip());
        assertThat(refused.getMessage().lines()).hasSize(1);
    }
}
