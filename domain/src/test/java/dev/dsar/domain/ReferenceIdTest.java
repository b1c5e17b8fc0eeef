package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceIdTest {

    /** The contract's regex, section 4, kept here verbatim so the two cannot drift apart unnoticed. */
    private static final Pattern CONTRACT = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern GENERATED = Pattern.compile("^GDPR-[A-Z2-7]{26}$");
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    @ParameterizedTest
    @ValueSource(strings = {
        "a", "Z", "0", "9", "abc123", "GDPR-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "a.b", "a_b", "a-b", "a..b", "a.", "a-",
        "a_", "0---", "x.zip", "ticket_2026-01.v2",
    })
    void wellFormedReferencesAreAccepted(String raw) {
        assertThat(ReferenceId.isWellFormed(raw)).isTrue();
        assertThat(ReferenceId.parse(raw)).map(ReferenceId::value).contains(raw);
        assertThat(new ReferenceId(raw).value()).isEqualTo(raw);
        assertThat(CONTRACT.matcher(raw).matches()).isTrue();
    }

    @Test
    void sixtyFourCharactersAreAccepted() {
        String raw = "a" + "b".repeat(63);

        assertThat(raw).hasSize(64);
        assertThat(ReferenceId.parse(raw)).isPresent();
    }

    @Test
    void sixtyFiveCharactersAreRejected() {
        String raw = "a" + "b".repeat(64);

        assertThat(raw).hasSize(65);
        assertThat(ReferenceId.isWellFormed(raw)).isFalse();
        assertThat(ReferenceId.parse(raw)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> new ReferenceId(raw)).withMessage("Invalid reference id");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        ".a", "-a", "_a", ".", "..", "...", "../x", "..\\x", "x/../y", "a/b", "a\\b", "/a", "%2e", "%2e%2e", "a%2e",
        "a%2fb", "a\u0000", "\u0000", "a\u0000b", "a\n", "a\r\n", "a\r", "\na", "a\t", " a", "a ", "a b", "é", "aé",
        "\u00e4rger", "\u0410", "\uFF21", "\u212A", "\u0661", "a:b", "a?b", "a#b", "a;b", "a*b", "a~b", "a+b", "a@b",
        "a'b", "a\"b", "a<b", "a|b", "a\u200Bb", "\uD83D\uDE00",
    })
    void referencesOutsideTheAlphabetAreRejected(String raw) {
        assertThat(ReferenceId.isWellFormed(raw)).isFalse();
        assertThat(ReferenceId.parse(raw)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> new ReferenceId(raw)).withMessage("Invalid reference id");
    }

    @Test
    void toStringIsTheBareValue() {
        assertThat(new ReferenceId("GDPR-ABC")).hasToString("GDPR-ABC");
    }

    @Test
    void referencesWithTheSameValueAreEqualAndCaseMatters() {
        assertThat(new ReferenceId("abc")).isEqualTo(new ReferenceId("abc")).isNotEqualTo(new ReferenceId("ABC"));
    }

    @Test
    void generatedIdsAreGdprDashAndTwentySixBase32Characters() {
        ReferenceId id = ReferenceId.generate(new SecureRandom());

        assertThat(id.value()).startsWith("GDPR-").hasSize(5 + 26).matches(GENERATED);
        assertThat(ReferenceId.isWellFormed(id.value())).isTrue();
        assertThat(CONTRACT.matcher(id.value()).matches()).isTrue();
    }

    @Test
    void generatedIdsAreUniqueOverManyDraws() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String value = ReferenceId.generate(random).value();
            assertThat(value).matches(GENERATED);
            assertThat(seen.add(value)).as("duplicate %s after %d draws", value, i).isTrue();
        }
    }

    @Test
    void generatedIdsUseTheWholeBase32AlphabetAndNothingElse() {
        SecureRandom random = new SecureRandom();
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String value = ReferenceId.generate(random).value();
            value.substring(5).chars().forEach(c -> used.add((char) c));
        }

        Set<Character> alphabet = BASE32.chars().mapToObj(c -> (char) c).collect(Collectors.toSet());
        assertThat(used).isEqualTo(alphabet);
        assertThat(used).doesNotContain('0', '1', '8', '9', 'a', 'z', '-', '_', '.');
    }

    @Test
    void eachGeneratedCharacterIsOneUniformDrawOutOfThirtyTwo() {
        ScriptedRandom random = new ScriptedRandom(0, 1, 25, 26, 31, 7, 15, 16, 30, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12,
                13, 14, 17, 18, 19, 20, 21);

        ReferenceId id = ReferenceId.generate(random);

        assertThat(random.bounds).hasSize(26).containsOnly(32);
        assertThat(id.value()).isEqualTo("GDPR-ABZ27HPQ6CDEFGIJKLMNORSTUV");
    }

    @Test
    void aSeededRandomGivesTheSameIdAgain() throws Exception {
        SecureRandom first = SecureRandom.getInstance("SHA1PRNG");
        first.setSeed(42L);
        SecureRandom second = SecureRandom.getInstance("SHA1PRNG");
        second.setSeed(42L);

        assertThat(ReferenceId.generate(first)).isEqualTo(ReferenceId.generate(second));
    }

    /** Returns the scripted indices in order and records the bound of each draw. */
    private static final class ScriptedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final int[] script;
        private int next;
        final List<Integer> bounds = new ArrayList<>();

        ScriptedRandom(int... script) {
            this.script = script;
        }

        @Override
        public int nextInt(int bound) {
            bounds.add(bound);
            return script[next++];
        }
    }
}
