package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.dsar.domain.ExportSection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SectionQueryTest {

    static SectionQuery query(String section, String sql) {
        return new SectionQuery(section, sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "SELECT * FROM users", "SELECT * FROM users WHERE id = #{userid}",
            "SELECT * FROM users WHERE id = #{ userId }"})
    void aQueryWithoutTheUserIdParameterIsRefused(String query) {
        assertThatIllegalArgumentException().isThrownBy(() -> query("account", query))
                .withMessageStartingWith("section 'account': ");
    }

    @Test
    void aQueryWithAnotherParameterIsRefusedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> query("account", "SELECT * FROM users WHERE id = #{userId} AND org = #{orgId}"))
                .withMessage("section 'account': unknown parameter #{orgId}; the only parameter is #{userId}");
    }

    @Test
    void theUserIdParameterMayAppearSeveralTimes() {
        assertThat(query("runs", "SELECT * FROM runs WHERE user_id = #{userId} OR owner_id = #{userId}").sql())
                .contains("owner_id = #{userId}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM users WHERE id = #{userId}; DELETE FROM users",
        "SELECT * FROM users WHERE id = #{userId};SELECT 1",
        "SELECT 1; SELECT * FROM users WHERE id = #{userId}",
    })
    void aQueryWithSeveralStatementsIsRefused(String query) {
        assertThatIllegalArgumentException().isThrownBy(() -> query("account", query))
                .withMessage("section 'account': the query holds more than one statement");
    }

    @Test
    void trailingSemicolonsAreDropped() {
        assertThat(query("account", "SELECT * FROM users WHERE id = #{userId} ; ; ").sql())
                .isEqualTo("SELECT * FROM users WHERE id = #{userId}");
    }

    @Test
    void theUserIdIsBoundAsABigintWhereverItAppears() {
        SectionQuery query = query("runs", "SELECT * FROM runs WHERE user_id = #{userId} OR owner_id = #{userId}::text");

        assertThat(query.typed()).isEqualTo("SELECT * FROM runs WHERE user_id = CAST(#{userId} AS bigint)"
                + " OR owner_id = CAST(#{userId} AS bigint)::text");
        assertThat(query.positional()).isEqualTo("SELECT * FROM runs WHERE user_id = CAST($1 AS bigint)"
                + " OR owner_id = CAST($1 AS bigint)::text");
    }

    @Test
    void aSectionsQueryIsFoundByTheSectionsNameAndOnlyThere() {
        SectionQuery account = query("account", "SELECT * FROM users WHERE id = #{userId}");
        SectionQueries queries = new SectionQueries(List.of(account));

        assertThat(queries.of(ExportSection.of("account"))).isEqualTo(account);
        assertThatIllegalStateException().isThrownBy(() -> queries.of(ExportSection.of("orders")))
                .withMessage("section 'orders' has no query");
        assertThatIllegalArgumentException().isThrownBy(() -> new SectionQueries(List.of(account, account)))
                .withMessage("section 'account': the name is used twice");
    }
}
