package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 42, Long.MAX_VALUE})
    void positiveNumbersAreUserIds(long value) {
        assertThat(new UserId(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void zeroAndNegativeNumbersAreRefused(long value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new UserId(value));
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1",
        "42, 42",
        "9223372036854775807, 9223372036854775807",
    })
    void plainDecimalStringsAreParsed(String raw, long expected) {
        assertThat(UserId.parse(raw)).contains(new UserId(expected));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "0", "00", "042", "007", "-1", "-42", "+42", " 42", "42 ", "4 2", "42\n", "4.2", "4,2", "0x2A", "1e3", "abc",
        "9223372036854775808", "18446744073709551616", "99999999999999999999",
        "\u0664\u0662", "\uFF14\uFF12", "42L",
    })
    void anythingButAPositiveDecimalThatFitsALongIsNotParsed(String raw) {
        assertThat(UserId.parse(raw)).isEmpty();
    }

    @Test
    void toStringIsTheDecimalValueUsedAsJwtSubject() {
        assertThat(new UserId(42)).hasToString("42");
        assertThat(UserId.parse(new UserId(Long.MAX_VALUE).toString())).contains(new UserId(Long.MAX_VALUE));
    }

    @Test
    void userIdsWithTheSameValueAreEqual() {
        assertThat(new UserId(7)).isEqualTo(new UserId(7)).isNotEqualTo(new UserId(8));
    }
}
