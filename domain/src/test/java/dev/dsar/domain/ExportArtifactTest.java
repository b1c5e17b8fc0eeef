package dev.dsar.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportArtifactTest {

    private static final String PATH = "/var/lib/dsar/exports/dsar_GDPR-X_20260101_000000.zip";
    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void anArtifactKeepsItsPathSizeAndDigest() {
        ExportArtifact artifact = new ExportArtifact(PATH, 1234, SHA);

        assertThat(artifact.storagePath()).isEqualTo(PATH);
        assertThat(artifact.bytes()).isEqualTo(1234);
        assertThat(artifact.sha256()).isEqualTo(SHA);
    }

    @Test
    void anEmptyFileIsAValidArtifact() {
        assertThat(new ExportArtifact(PATH, 0, SHA).bytes()).isZero();
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportArtifact(PATH, -1, SHA));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void anArtifactNeedsAStoragePath(String path) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportArtifact(path, 1, SHA));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
        "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        " 123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    })
    void theDigestMustBeSixtyFourLowercaseHexDigits(String sha) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExportArtifact(PATH, 1, sha));
    }
}
