package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ActorTest {

    static Stream<Arguments> factoriesAndCodes() {
        return Stream.of(
                Arguments.of(Actor.subject(new UserId(42)), Actor.Kind.SUBJECT, "42", "subject:42"),
                Arguments.of(Actor.admin(new UserId(7)), Actor.Kind.ADMIN, "7", "admin:7"),
                Arguments.of(Actor.operator(), Actor.Kind.OPERATOR, "cli", "operator:cli"),
                Arguments.of(Actor.system("cleanup"), Actor.Kind.SYSTEM, "cleanup", "system:cleanup"),
                Arguments.of(Actor.system("export-worker"), Actor.Kind.SYSTEM, "export-worker", "system:export-worker"));
    }

    @ParameterizedTest
    @MethodSource("factoriesAndCodes")
    void factoriesBuildActorsWhoseCodeIsKindColonId(Actor actor, Actor.Kind kind, String id, String code) {
        assertThat(actor.kind()).isEqualTo(kind);
        assertThat(actor.id()).isEqualTo(id);
        assertThat(actor.code()).isEqualTo(code);
        assertThat(actor).hasToString(code);
    }

    @ParameterizedTest
    @MethodSource("factoriesAndCodes")
    void everyActorIsFoundAgainFromItsCode(Actor actor, Actor.Kind kind, String id, String code) {
        assertThat(Actor.fromCode(code)).contains(actor);
        assertThat(Actor.fromCode(actor.code())).contains(new Actor(kind, id));
    }

    @Test
    void anActorNeedsAKind() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Actor(null, "42"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "\n", "a:b", ":", "42:"})
    void anActorNeedsANonBlankIdWithoutColon(String id) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Actor(Actor.Kind.SUBJECT, id));
    }

    @Test
    void aSystemComponentNeedsAName() {
        assertThatIllegalArgumentException().isThrownBy(() -> Actor.system(null));
        assertThatIllegalArgumentException().isThrownBy(() -> Actor.system(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> Actor.system("worker:1"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "subject", ":42", "subject:", "subject: ", "subject:a:b", "robot:1", " subject:42", "subject 42", "::",
    })
    void malformedCodesAreNotRecognised(String code) {
        assertThat(Actor.fromCode(code)).isEmpty();
    }
}
