package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DsarStatusTest {

    @Test
    void codesAreTheLowercaseNamesTheContractUses() {
        assertThat(Arrays.stream(DsarStatus.values()).map(DsarStatus::code))
                .containsExactly("pending", "processing", "completed", "failed", "expired");
    }

    @ParameterizedTest
    @EnumSource(DsarStatus.class)
    void everyStatusIsFoundAgainFromItsCode(DsarStatus status) {
        assertThat(DsarStatus.fromCode(status.code())).contains(status);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"PENDING", "Pending", " pending", "pending ", "pending\n", "done", "cancelled", "expire"})
    void unknownOrDifferentlySpelledCodesAreNotRecognised(String code) {
        assertThat(DsarStatus.fromCode(code)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = DsarStatus.class, names = {"PENDING", "PROCESSING"})
    void pendingAndProcessingRequestsAreActive(DsarStatus status) {
        assertThat(status.isActive()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = DsarStatus.class, names = {"COMPLETED", "FAILED", "EXPIRED"})
    void finishedRequestsAreNotActive(DsarStatus status) {
        assertThat(status.isActive()).isFalse();
    }
}
