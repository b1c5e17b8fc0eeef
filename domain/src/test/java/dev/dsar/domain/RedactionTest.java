package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void redactedColumnsAreReplacedWhateverTheirValueAndTheOthersAreKept() {
        Redaction redaction = Redaction.of("users", List.of("password_hash", "ip"), List.of("id", "ip", "password_hash"));
        Object[] row = {1L, null, "secret"};

        redaction.apply(row);

        assertThat(row).containsExactly(1L, ExportSection.REDACTED, ExportSection.REDACTED);
    }

    @Test
    void aSectionWithoutRedactedColumnsLeavesRowsAsTheyAre() {
        Redaction redaction = Redaction.of("orders", List.of(), List.of("id", "total"));
        Object[] row = {7L, "12.50"};

        redaction.apply(row);

        assertThat(row).containsExactly(7L, "12.50");
    }

    @Test
    void aRedactedColumnTheQueryDoesNotReturnIsAPermanentFaultNamingSectionAndColumn() {
        assertThatThrownBy(() -> Redaction.of("users", List.of("password"), List.of("id", "email")))
                .isInstanceOfSatisfying(ExportFault.class, fault -> assertThat(fault.isPermanent()).isTrue())
                .hasMessageContaining("section 'users'").hasMessageContaining("'password'")
                .hasMessageContaining("(id, email)");
    }

    @Test
    void aColumnReturnedTwiceIsAPermanentFaultEvenWhenNothingIsRedacted() {
        assertThatThrownBy(() -> Redaction.of("users", List.of(), List.of("id", "email", "id")))
                .isInstanceOfSatisfying(ExportFault.class, fault -> assertThat(fault.isPermanent()).isTrue())
                .hasMessageContaining("column 'id' twice");
    }
}
