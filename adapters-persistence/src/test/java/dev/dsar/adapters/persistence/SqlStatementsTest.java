package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlStatementsTest {

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0 | ``",
        "0 | ` ; ; -- nothing`",
        "1 | SELECT 1",
        "1 | SELECT 1;",
        "2 | SELECT 1; SELECT 2",
        "1 | SELECT ';' AS x",
        "1 | SELECT 'it''s; fine'",
        "1 | SELECT E'back\\'slash; fine'",
        "2 | SELECT E'back\\'slash'; SELECT 2",
        "1 | SELECT 1 AS \"a;b\"",
        "1 | SELECT $$ a; b $$",
        "1 | SELECT $body$ a; $$ b $body$",
        "2 | SELECT $1; SELECT 2",
        "1 | SELECT 1 -- ; DROP TABLE users",
        "1 | SELECT 1 /* ; /* nested ; */ still ; */",
        "2 | SELECT 1 /* ; */; SELECT 2",
    })
    void statementsAreCountedOutsideQuotesAndComments(int expected, String sql) {
        assertThat(SqlStatements.count(sql)).isEqualTo(expected);
    }
}
