package dev.dsar.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.http.AdminCleanupRoutes.CleanupBody;
import dev.dsar.adapters.http.JsonBodies.Read;
import dev.dsar.adapters.http.RequestRoutes.AdminRequestBody;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonBodiesTest {

    private static <T> Read<T> parse(String body, Class<T> type) {
        return JsonBodies.parse(body.getBytes(StandardCharsets.UTF_8), type);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"userId\":42}                   | Unknown field   | userId",
        "{\"user_id\":42,\"x\":null}       | Unknown field   | x",
        "{\"user_id\":\"42\"}              | Invalid user_id | user_id",
        "{\"user_id\":null}                | Invalid user_id | user_id",
        "{\"user_id\":42,\"user_id\":42}   | Duplicate field | user_id",
        "{}                                | Invalid user_id | user_id",
        "{\"user_id\":42,\"reference_id\":null} | Invalid reference_id | reference_id"})
    void aFaultyFieldIsNamed(String body, String error, String field) {
        Read<AdminRequestBody> read = parse(body, AdminRequestBody.class);

        assertThat(read).isInstanceOfSatisfying(Read.Refused.class, refused -> {
            assertThat(refused.error()).isEqualTo(error);
            assertThat(refused.field()).contains(field);
        });
    }

    @Test
    void anAbsentOptionalFieldIsNullAndAnEmptyBodyIsAnEmptyObject() {
        assertThat(parse("", CleanupBody.class)).isEqualTo(new Read.Parsed<>(new CleanupBody(null)));
        assertThat(parse("{\"dry_run\":true}", CleanupBody.class)).isEqualTo(new Read.Parsed<>(new CleanupBody(true)));
        assertThat(parse("{\"user_id\":7}", AdminRequestBody.class)).isEqualTo(new Read.Parsed<>(new AdminRequestBody(7, null)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[]", "\"x\"", "null", "{", "{\"dry_run\":true} 1", "{\"dry_run\":true}{}"})
    void aBodyThatIsNotOneJsonObjectIsInvalidJsonWithoutAField(String body) {
        assertThat(parse(body, CleanupBody.class)).isInstanceOfSatisfying(Read.Refused.class, refused -> {
            assertThat(refused.error()).isEqualTo("Invalid JSON");
            assertThat(refused.field()).isEqualTo(Optional.empty());
        });
    }
}
