package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void theFolderNamedByBinDsarWins() {
        assertThat(InstallationDirectory.locate(Optional.of(temp.resolve("a/../home").toString()),
                Optional.of(Path.of("/elsewhere/dsar.jar")))).isEqualTo(temp.resolve("home"));
    }

    @Test
    void withoutItTheNearestFolderAboveTheCodeHoldingBinDsarIsTheInstallation() throws IOException {
        Files.createDirectories(temp.resolve("bin"));
        Files.writeString(temp.resolve("bin/dsar"), "#!/bin/sh\n");
        Path jar = Files.createDirectories(temp.resolve("bootstrap/target")).resolve("dsar.jar");
        Files.writeString(jar, "");

        assertThat(InstallationDirectory.locate(Optional.empty(), Optional.of(jar))).isEqualTo(temp);
    }

    @Test
    void aJarWithNoBinDsarAboveItIsItsOwnInstallation() throws IOException {
        Path jar = Files.createDirectories(temp.resolve("opt/dsar")).resolve("dsar.jar");
        Files.writeString(jar, "");

        assertThat(InstallationDirectory.locate(Optional.empty(), Optional.of(jar))).isEqualTo(temp.resolve("opt/dsar"));
    }

    @Test
    void theTestsRunInsideThisRepositorySoItsRootIsTheInstallation() {
        assertThat(InstallationDirectory.get().resolve("bin/dsar")).isRegularFile();
    }

    @Test
    void aRelativePathIsResolvedAgainstTheInstallationNeverTheCurrentDirectory() {
        assertThat(InstallationDirectory.resolve(Path.of("./exports/../exports/dsar")))
                .isEqualTo(InstallationDirectory.get().resolve("exports/dsar"));
        assertThat(InstallationDirectory.resolve(Path.of("/var/lib/dsar/../dsar"))).isEqualTo(Path.of("/var/lib/dsar"));
    }
}
