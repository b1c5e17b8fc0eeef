package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResponseDeadlineTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final UserId USER = new UserId(42);
    private static final ResponseDeadline MONTH = ResponseDeadline.defaults();

    private static DsarRequest pending() {
        return DsarRequest.submit(new ReferenceId("GDPR-DUE"), USER, Actor.subject(USER), T0);
    }

    @Test
    void theDefaultIsOneMonthOfThirtyDaysAsGdprArticle12Asks() {
        assertThat(MONTH.deadline()).isEqualTo(Duration.ofDays(30));
        assertThat(MONTH.dueAt(T0)).isEqualTo(T0.plus(Duration.ofDays(30)));
    }

    @Test
    void aRequestNotAnsweredIsOverdueFromItsDueDateOn() {
        Instant due = MONTH.dueAt(T0);

        assertThat(MONTH.isOverdue(pending(), due.minusMillis(1))).isFalse();
        assertThat(MONTH.isOverdue(pending(), due)).isTrue();
    }

    @Test
    void aFailedRequestIsNotAnAnswerAndACompletedOneIsNeverOverdue() {
        DsarRequest claimed = pending().claim("worker", T0, Duration.ofMinutes(1)).request();
        DsarRequest failed = claimed.fail("worker", "boom", T0.plusSeconds(1)).request();
        DsarRequest completed = claimed.complete("worker", new ExportArtifact("/x/y.zip", 1, "a".repeat(64)),
                T0.plus(Duration.ofDays(40))).request();
        Instant late = T0.plus(Duration.ofDays(60));

        assertThat(MONTH.isOverdue(failed, late)).isTrue();
        assertThat(MONTH.isOverdue(completed, late)).isFalse();
    }

    @Test
    void aDeadlineIsPositive() {
        assertThatThrownBy(() -> new ResponseDeadline(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponseDeadline(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
