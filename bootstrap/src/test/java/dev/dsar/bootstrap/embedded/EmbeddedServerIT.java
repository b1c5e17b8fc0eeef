package dev.dsar.bootstrap.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServerIT {

    /** Unpacked once per machine, as the tests' own embedded server does. */
    private static final Path BINARIES = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");

    @TempDir
    Path directory;

    @Test
    void aDataDirectoryOfAnotherMajorVersionIsRefusedWithTheServersOwnReasonInOneLine() throws Exception {
        Path data = Files.createDirectory(directory.resolve("pgdata"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(data.resolve("PG_VERSION"), "17\n");
        Files.writeString(data.resolve("postgresql.conf"), "");
        Path log = directory.resolve("postgresql.log");

        // The library waits this long for a server whose pg_ctl has already failed: keep it short here.
        assertThatThrownBy(() -> EmbeddedServer.start(data, BINARIES, log, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the embedded PostgreSQL did not start: database files are incompatible with server.")
                .hasMessageContaining("initialized by PostgreSQL version 17")
                .hasMessageEndingWith("(its log: " + log + ")")
                .hasMessageNotContaining("\n");
    }
}
