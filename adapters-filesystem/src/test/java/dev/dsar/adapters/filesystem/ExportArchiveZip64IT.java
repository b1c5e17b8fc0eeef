package dev.dsar.adapters.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.ExportArchivePort.ExportArchive;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A section larger than 4 GiB once extracted: the ZIP needs ZIP64 sizes, and readers must still open it.
 * Writes 4 GiB through the deflater (about half a minute on two cores), so it runs only when asked:
 * {@code mvn verify -Ddsar.test.large=true}.
 */
@EnabledIfSystemProperty(named = "dsar.test.large", matches = "true")
class ExportArchiveZip64IT {

    static final long FOUR_GIB = 1L << 32;

    @TempDir
    Path temp;

    @Test
    void aSectionOverFourGibibytesIsWrittenWithZip64SizesAndReadsBack() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ExportArchiveFilesystemAdapter archives = new ExportArchiveFilesystemAdapter(vertx,
                    ExportDirectory.open(temp.toRealPath().resolve("exports")));
            ExportFileName name = ExportFileName.of(new ReferenceId("GDPR-HUGE"), Instant.parse("2026-03-04T05:06:07Z"));
            ExportArchive archive = archives.create(name).await();
            String value = "x".repeat(1 << 20);
            long rows = FOUR_GIB / value.length() + 16;
            archive.beginSection("audit_logs", false).await();
            for (long written = 0; written < rows; written += 64) {
                List<Object[]> batch = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    batch.add(new Object[] {value});
                }
                archive.writeRows(new RowBatch(List.of("v"), batch)).await();
            }
            PackagedFile logs = archive.endSection().await();
            ExportArtifact artifact = archive.finish(new PackageDescription(name.reference(), new UserId(1), "operator:cli",
                    name.generatedAt(), name.generatedAt(), name.generatedAt(), 1, List.of(new PackageDescription.Section(
                            ExportSection.of("audit_logs"), logs)))).await();

            assertThat(logs.bytes()).isGreaterThan(FOUR_GIB);
            try (ZipFile zip = new ZipFile(Path.of(artifact.storagePath()).toFile())) {
                ZipEntry entry = zip.getEntry(name.packageRoot() + "audit_logs.json");
                assertThat(entry.getSize()).isEqualTo(logs.bytes());
                try (InputStream meta = zip.getInputStream(zip.getEntry(name.packageRoot() + "meta.json"))) {
                    JsonObject manifest = new JsonObject(new String(meta.readAllBytes(), StandardCharsets.UTF_8));
                    assertThat(manifest.getJsonObject("record_counts").getLong("audit_logs")).isGreaterThan(4096);
                }
            }
        } finally {
            vertx.close().await();
        }
    }
}
