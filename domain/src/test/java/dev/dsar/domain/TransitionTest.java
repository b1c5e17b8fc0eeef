package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransitionTest {

    private static final DsarRequest REQUEST = DsarRequest.submit(
            new ReferenceId("GDPR-X"), new UserId(42), Actor.subject(new UserId(42)),
            Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aMovedTransitionHandsOutItsRequest() {
        Transition moved = new Transition.Moved(REQUEST);

        assertThat(moved.moved()).isTrue();
        assertThat(moved.request()).isSameAs(REQUEST);
    }

    @Test
    void aRefusedTransitionHasNoRequest() {
        Transition refused = new Transition.Refused(DsarStatus.COMPLETED, "claim", "only pending requests are claimed");

        assertThat(refused.moved()).isFalse();
        assertThatIllegalStateException()
                .isThrownBy(refused::request)
                .withMessage("cannot claim a request that is completed: only pending requests are claimed");
    }

    @Test
    void aRefusalExplainsItselfWithTheStatusCode() {
        assertThat(new Transition.Refused(DsarStatus.PROCESSING, "expire", "only completed exports expire"))
                .hasToString("cannot expire a request that is processing: only completed exports expire");
    }
}
