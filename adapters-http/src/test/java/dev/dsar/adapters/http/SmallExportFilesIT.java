package dev.dsar.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.fakes.MutableClock;
import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SmallExportFilesIT {

    private static Vertx vertx;

    @TempDir
    Path directory;

    @BeforeAll
    static void start(Vertx given) {
        vertx = given;
    }

    @Test
    void keptFileIsServedFromMemoryWithExactlyItsBytes() throws Exception {
        SmallExportFiles files = new SmallExportFiles(vertx, Clock.systemUTC(), new SimpleMeterRegistry());
        DownloadDecision.Ready ready = export("GDPR-MEM-1", 10_240);

        files.keep(ready);

        assertThat(eventually(files, ready).getBytes()).isEqualTo(Files.readAllBytes(ready.file()));
    }

    @Test
    void fileDeletedOnDiskIsNeverServedFromMemory() throws Exception {
        SmallExportFiles files = new SmallExportFiles(vertx, Clock.systemUTC(), new SimpleMeterRegistry());
        DownloadDecision.Ready ready = export("GDPR-MEM-2", 1_000);
        files.keep(ready);
        eventually(files, ready);

        Files.delete(ready.file());

        assertThat(files.lookup(ready)).isNull();
        Files.write(ready.file(), new byte[1_000]);
        assertThat(files.lookup(ready)).as("forgotten, not revived by a new file of the same name").isNull();
    }

    @Test
    void fileWhoseContentIsNotTheRecordedOneIsNotKept() throws Exception {
        SmallExportFiles files = new SmallExportFiles(vertx, Clock.systemUTC(), new SimpleMeterRegistry());
        DownloadDecision.Ready ready = export("GDPR-MEM-3", 2_000);
        DownloadDecision.Ready wrongChecksum = new DownloadDecision.Ready(ready.reference(), ready.owner(), ready.file(),
                ready.bytes(), "0".repeat(64), ready.expiresAt());

        files.keep(wrongChecksum);

        // Once the refused load is over, a load with the right checksum goes through.
        assertThat(eventually(files, ready)).isNotNull();
        assertThat(files.lookup(wrongChecksum)).isNull();
    }

    @Test
    void largeFilesStayOnDisk() throws Exception {
        SmallExportFiles files = new SmallExportFiles(vertx, Clock.systemUTC(), new SimpleMeterRegistry());
        DownloadDecision.Ready large = export("GDPR-MEM-4", (int) SmallExportFiles.MAX_FILE_BYTES + 1);

        files.keep(large);
        DownloadDecision.Ready small = export("GDPR-MEM-5", 10);
        files.keep(small);
        eventually(files, small);

        assertThat(files.lookup(large)).isNull();
    }

    @Test
    void aFileIsReadIntoMemoryAtItsSecondDownloadNotItsFirst() throws Exception {
        SmallExportFiles files = new SmallExportFiles(vertx, Clock.systemUTC(), new SimpleMeterRegistry());
        DownloadDecision.Ready ready = export("GDPR-MEM-SECOND", 1_000);

        files.keep(ready);
        awaitReads(files);

        assertThat(files.reading()).isFalse();
        assertThat(files.heldBytes()).as("nothing read after the first download").isZero();
        files.keep(ready);
        awaitReads(files);
        assertThat(files.lookup(ready)).as("held after the second").isNotNull();
    }

    @Test
    void fillingPastTheByteBoundEvictsRarelyDownloadedFilesAndKeepsTheOneDownloadedOften() throws Exception {
        long bound = 64 * 1024;
        SmallExportFiles files = new SmallExportFiles(vertx, Clock.systemUTC(), new SimpleMeterRegistry(), bound);
        DownloadDecision.Ready popular = export("GDPR-MEM-POPULAR", 4_096);
        eventually(files, popular);
        for (int download = 0; download < 20; download++) {
            assertThat(files.lookup(popular)).isNotNull();
        }

        for (int i = 0; i < 40; i++) {
            DownloadDecision.Ready twice = export("GDPR-MEM-TWICE-" + i, 4_096);
            for (int download = 0; download < 2; download++) {
                files.lookup(twice);
                files.keep(twice);
                awaitReads(files);
            }
        }

        assertThat(files.heldBytes()).isBetween(bound / 2, bound);
        assertThat(files.lookup(popular)).as("the file downloaded often").isNotNull();
    }

    @Test
    void aKeptFileIsForgottenAtItsExportsExpiry() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2029-12-31T23:59:00Z"));
        SmallExportFiles files = new SmallExportFiles(vertx, clock, new SimpleMeterRegistry());
        DownloadDecision.Ready ready = export("GDPR-MEM-EXPIRING", 1_000);
        eventually(files, ready);

        clock.set(ready.expiresAt());

        assertThat(files.lookup(ready)).isNull();
        assertThat(files.heldBytes()).isZero();
    }

    private static void awaitReads(SmallExportFiles files) {
        for (int attempt = 0; attempt < 200 && files.reading(); attempt++) {
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static Buffer eventually(SmallExportFiles files, DownloadDecision.Ready ready) {
        for (int attempt = 0; attempt < 200; attempt++) {
            files.keep(ready);
            Buffer content = files.lookup(ready);
            if (content != null) {
                return content;
            }
            LockSupport.parkNanos(10_000_000);
        }
        throw new AssertionError("never kept in memory: " + ready.reference());
    }

    private DownloadDecision.Ready export(String reference, int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path file = directory.resolve("dsar_" + reference + "_20260101_000000.zip");
        Files.write(file, content);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        return new DownloadDecision.Ready(new ReferenceId(reference), new UserId(1), file, size, sha,
                Instant.parse("2030-01-01T00:00:00Z"));
    }
}
