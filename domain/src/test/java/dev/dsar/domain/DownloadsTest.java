package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DownloadsTest {

    static final ReferenceId REF = new ReferenceId("GDPR-DOWNLOADS");
    static final UserId OWNER = new UserId(42);
    static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");

    @Test
    void downloadsAddUpWithTheEarliestFirstAndTheLatestLastWhateverTheirOrder() {
        Downloads tally = Downloads.one(REF, OWNER, T0.plusSeconds(3))
                .plus(Downloads.one(REF, OWNER, T0.plusSeconds(1)))
                .plus(Downloads.one(REF, OWNER, T0.plusSeconds(2)));

        assertThat(tally).isEqualTo(new Downloads(REF, OWNER, 3, T0.plusSeconds(1), T0.plusSeconds(3)));
    }

    @Test
    void theAuditEventSaysTheOwnerDownloadedAtTheLastDownloadWithCountAndPeriod() {
        AuditEvent event = new Downloads(REF, OWNER, 3, T0.plusSeconds(1), T0.plusSeconds(3)).auditEvent();

        assertThat(event).isEqualTo(new AuditEvent(REF, OWNER, AuditAction.DOWNLOADED, Actor.subject(OWNER),
                T0.plusSeconds(3), Map.of("downloads", 3L, "first_at", "2026-04-01T08:00:01Z",
                "last_at", "2026-04-01T08:00:03Z")));
        assertThat(event.actor().code()).isEqualTo("subject:42");
    }

    @Test
    void downloadsOfAnotherExportDoNotAddUp() {
        Downloads other = Downloads.one(new ReferenceId("GDPR-OTHER"), OWNER, T0);

        assertThatThrownBy(() -> Downloads.one(REF, OWNER, T0).plus(other))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTallyHasAtLeastOneDownloadAndEndsNoEarlierThanItBegins() {
        assertThatThrownBy(() -> new Downloads(REF, OWNER, 0, T0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Downloads(REF, OWNER, 1, T0, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
