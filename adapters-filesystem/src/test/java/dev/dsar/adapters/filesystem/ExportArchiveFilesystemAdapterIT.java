package dev.dsar.adapters.filesystem;

import dev.dsar.adapters.filesystem.testing.ExportFolder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dsar.adapters.filesystem.testing.UnwritableDirectory;
import dev.dsar.application.port.out.ExportArchivePort.ExportArchive;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.JsonText;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFault;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ExportArchiveFilesystemAdapterIT {

    static final ReferenceId REF = new ReferenceId("GDPR-ARCHIVE-1");
    static final Instant STARTED = Instant.parse("2026-03-04T05:06:07.250Z");
    static final ExportFileName NAME = ExportFileName.of(REF, STARTED);
    static final String ROOT = "dsar-GDPR-ARCHIVE-1-20260304-050607/";

    static final ExportSection ACCOUNT = new ExportSection("account", true, List.of(),
            Optional.of("Your account"));
    static final ExportSection NOTHING = new ExportSection("profile", true, List.of(),
            Optional.empty());
    static final ExportSection LOGS = new ExportSection("audit_logs", false,
            List.of("secret"), Optional.of("What you did <b>and</b> when"));
    static final ExportSection EMPTY = ExportSection.of("api_tokens");

    private ExportFolder exports;
    private ExportArchiveFilesystemAdapter archives;

    @BeforeEach
    void openTheExportDirectory(Vertx vertx, @TempDir Path temp) throws IOException {
        exports = ExportFolder.in(temp);
        archives = new ExportArchiveFilesystemAdapter(vertx, exports.directory());
    }

    @Test
    void removingAKilledAttemptsPartRemovesItsCsvSpoolsAndNothingElse() throws IOException {
        Path part = exports.directory().pathOf(NAME.asTemporary());
        Files.write(part, new byte[100]);
        Path spool = part.resolveSibling(part.getFileName() + ".audit_logs.csv");
        Path otherSpool = part.resolveSibling(part.getFileName() + ".api_tokens.csv");
        Files.write(spool, new byte[10]);
        Files.write(otherSpool, new byte[10]);
        ExportFileName other = ExportFileName.of(new ReferenceId("GDPR-ARCHIVE-OTHER"), STARTED);
        Path othersSpool = exports.directory().pathOf(other.asTemporary());
        othersSpool = othersSpool.resolveSibling(othersSpool.getFileName() + ".audit_logs.csv");
        Files.write(othersSpool, new byte[10]);

        assertThat(archives.removePartial(NAME.asTemporary()).await()).isEqualTo(new FileRemoval.Removed(100));

        assertThat(part).doesNotExist();
        assertThat(spool).doesNotExist();
        assertThat(otherSpool).doesNotExist();
        assertThat(othersSpool).as("another export's spool").exists();
    }

    static RowBatch batch(List<String> columns, Object[]... rows) {
        return new RowBatch(columns, new ArrayList<>(Arrays.asList(rows)));
    }

    static PackageDescription description(List<PackageDescription.Section> sections) {
        return new PackageDescription(REF, new UserId(42), "subject:42", Instant.parse("2026-03-04T05:00:00Z"),
                STARTED, Instant.parse("2026-03-04T05:06:09Z"), 1, sections);
    }

    /** Writes the four test sections and finishes the package. */
    ExportArtifact writePackage() {
        ExportArchive archive = archives.create(NAME).await();
        List<PackageDescription.Section> sections = new ArrayList<>();
        archive.beginSection("account", true).await();
        archive.writeRows(batch(List.of("id", "email", "display_name", "created_at"),
                new Object[] {42L, "alice@example.org", "Ålice 😀 \"q\" <b>\n", Instant.parse("2026-01-02T01:04:05.123456Z")}))
                .await();
        sections.add(new PackageDescription.Section(ACCOUNT, archive.endSection().await()));
        archive.beginSection("profile", true).await();
        archive.writeRows(batch(List.of("id"))).await();
        sections.add(new PackageDescription.Section(NOTHING, archive.endSection().await()));
        archive.beginSection("audit_logs", false).await();
        List<String> columns = List.of("id", "details", "amount", "ratio", "bytes", "day", "tags", "secret", "missing");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("b", List.of(1, "two", Map.of("three", 3)));
        details.put("a", null);
        archive.writeRows(batch(columns,
                new Object[] {1L, details, new BigDecimal("12345678901234567890.000000001"), Double.NaN,
                        new byte[] {0, (byte) 0xff, 16}, LocalDate.parse("2026-05-06"), Arrays.asList("x", null),
                        ExportSection.REDACTED, null},
                new Object[] {2L, Map.of(), new BigDecimal("1E+3"), 0.5, new byte[0], null, List.of(),
                        ExportSection.REDACTED, null})).await();
        archive.writeRows(batch(columns,
                new Object[] {3L, new JsonText("{\"as\": \"stored\", \"n\": [1, 2]}"), 7, 1.5f, null,
                        OffsetDateTime.parse("2026-01-02T03:04:05.5+02:00"), null, ExportSection.REDACTED, null})).await();
        sections.add(new PackageDescription.Section(LOGS, archive.endSection().await()));
        archive.beginSection("api_tokens", false).await();
        archive.writeRows(batch(List.of("id", "name"))).await();
        sections.add(new PackageDescription.Section(EMPTY, archive.endSection().await()));
        return archive.finish(description(sections)).await();
    }

    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                try (InputStream in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    List<String> filesInTheDirectory() throws IOException {
        try (Stream<Path> files = Files.list(exports.root())) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void thePackageIsOneRootFolderWithASectionFilePerSectionTheRequestTheIndexAndTheManifest() throws Exception {
        ExportArtifact artifact = writePackage();

        Path file = exports.root().resolve("dsar_GDPR-ARCHIVE-1_20260304_050607.zip");
        assertThat(artifact.storagePath()).isEqualTo(file.toString());
        assertThat(filesInTheDirectory()).containsExactly(file.getFileName().toString());
        assertThat(entries(file).keySet()).containsExactly(ROOT + "account.json", ROOT + "profile.json",
                ROOT + "audit_logs.json", ROOT + "api_tokens.json", ROOT + "dsar_request.json", ROOT + "index.html",
                ROOT + "meta.json");
    }

    @Test
    void valuesAreWrittenAsDocumentedJson() throws Exception {
        Map<String, byte[]> entries = entries(Path.of(writePackage().storagePath()));

        JsonObject account = new JsonObject(text(entries.get(ROOT + "account.json")));
        assertThat(account.encode()).isEqualTo("{\"id\":42,\"email\":\"alice@example.org\","
                + "\"display_name\":\"Ålice 😀 \\\"q\\\" <b>\\n\",\"created_at\":\"2026-01-02T01:04:05.123456Z\"}");
        assertThat(text(entries.get(ROOT + "profile.json"))).isEqualTo("null\n");
        assertThat(text(entries.get(ROOT + "api_tokens.json"))).isEqualTo("[]\n");
        String logs = text(entries.get(ROOT + "audit_logs.json"));
        assertThat(logs.lines()).hasSize(5).first().isEqualTo("[");
        assertThat(logs).contains("\"amount\":12345678901234567890.000000001", "\"amount\":1000");
        JsonArray rows = new JsonArray(logs);
        assertThat(logs.lines().skip(1).findFirst()).contains("{\"id\":1,\"details\":{\"b\":[1,\"two\",{\"three\":3}],"
                + "\"a\":null},\"amount\":12345678901234567890.000000001,\"ratio\":\"NaN\",\"bytes\":\"AP8Q\","
                + "\"day\":\"2026-05-06\",\"tags\":[\"x\",null],\"secret\":\"[REDACTED]\",\"missing\":null},");
        assertThat(rows.getJsonObject(1).getValue("bytes")).isEqualTo("");
        assertThat(logs).contains("\"details\":{\"as\": \"stored\", \"n\": [1, 2]}", "\"day\":\"2026-01-02T01:04:05.500Z\"");
        assertThat(rows.getJsonObject(2).getJsonObject("details")).isEqualTo(new JsonObject().put("as", "stored")
                .put("n", new JsonArray().add(1).add(2)));
        assertThat(rows.getJsonObject(2).getDouble("ratio")).isEqualTo(1.5);
    }

    @Test
    void theManifestListsEveryOtherFileWithItsChecksumSizeAndRecordCount() throws Exception {
        ExportArtifact artifact = writePackage();
        Map<String, byte[]> entries = entries(Path.of(artifact.storagePath()));

        JsonObject meta = new JsonObject(text(entries.get(ROOT + "meta.json")));
        assertThat(meta.getInteger("schema_version")).isEqualTo(1);
        assertThat(meta.getString("generated_at")).isEqualTo("2026-03-04T05:06:09Z");
        assertThat(meta.getString("reference_id")).isEqualTo("GDPR-ARCHIVE-1");
        assertThat(meta.getLong("user_id")).isEqualTo(42);
        assertThat(meta.getJsonArray("sections")).containsExactly("account", "profile", "audit_logs", "api_tokens");
        assertThat(meta.getJsonObject("record_counts").getMap())
                .containsExactly(Map.entry("account", 1), Map.entry("profile", 0), Map.entry("audit_logs", 3),
                        Map.entry("api_tokens", 0));
        assertThat(meta.getJsonObject("redacted_columns").getMap()).containsOnlyKeys("audit_logs");
        assertThat(meta.getJsonArray("notes")).isNotEmpty();
        JsonArray files = meta.getJsonArray("files");
        assertThat(files).hasSize(6);
        for (int i = 0; i < files.size(); i++) {
            JsonObject listed = files.getJsonObject(i);
            byte[] content = entries.get(ROOT + listed.getString("name"));
            assertThat(content).as(listed.getString("name")).isNotNull();
            assertThat(listed.getString("sha256")).isEqualTo(sha256(content));
            assertThat(listed.getLong("bytes")).isEqualTo(content.length);
        }
        assertThat(files.getJsonObject(2).getLong("records")).isEqualTo(3);
        assertThat(artifact.sha256()).isEqualTo(sha256(Files.readAllBytes(Path.of(artifact.storagePath()))));
        assertThat(artifact.bytes()).isEqualTo(Files.size(Path.of(artifact.storagePath())));
    }

    @Test
    void theRequestFileDescribesTheRequest() throws Exception {
        Map<String, byte[]> entries = entries(Path.of(writePackage().storagePath()));

        assertThat(new JsonObject(text(entries.get(ROOT + "dsar_request.json")))).isEqualTo(new JsonObject()
                .put("reference_id", "GDPR-ARCHIVE-1").put("user_id", 42).put("requested_at", "2026-03-04T05:00:00Z")
                .put("requested_by", "subject:42").put("started_at", "2026-03-04T05:06:07.250Z")
                .put("generated_at", "2026-03-04T05:06:09Z").put("attempt", 1)
                .put("history", new JsonArray()
                        .add(new JsonObject().put("event", "requested").put("at", "2026-03-04T05:00:00Z")
                                .put("description", "You asked for a copy of your data."))
                        .add(new JsonObject().put("event", "started").put("at", "2026-03-04T05:06:07.250Z")
                                .put("description", "The service started preparing this copy."))
                        .add(new JsonObject().put("event", "completed").put("at", "2026-03-04T05:06:09Z")
                                .put("description", "The service finished preparing this copy."))));
    }

    @Test
    void theIndexIsSelfContainedAndEscapesWhatItShows() throws Exception {
        String index = text(entries(Path.of(writePackage().storagePath())).get(ROOT + "index.html"));

        assertThat(index).startsWith("<!DOCTYPE html>").contains("GDPR-ARCHIVE-1", "account.json", "Your account",
                "What you did &lt;b&gt;and&lt;/b&gt; when", "<td class=\"n\">3</td>", "All 3 records",
                "2 January 2026, 01:04:05", "<bdi>Ålice 😀 &quot;q&quot; &lt;b&gt;\n</bdi>",
                "We hold no record of this kind about you.");
        assertThat(index).doesNotContain("<b>and</b>", "<script", "http://", "https://", "src=", "@import", "url(");
    }

    @Test
    void theFinishedFileIsOwnerOnly() throws Exception {
        Path file = Path.of(writePackage().storagePath());

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void whileWrittenThePackageHasItsTemporaryNameOnly() throws Exception {
        ExportArchive archive = archives.create(NAME).await();
        archive.beginSection("account", true).await();

        assertThat(filesInTheDirectory()).containsExactly("dsar_GDPR-ARCHIVE-1_20260304_050607.zip.part");
        assertThat(Files.getPosixFilePermissions(exports.root().resolve("dsar_GDPR-ARCHIVE-1_20260304_050607.zip.part")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        archive.discard().await();
    }

    @Test
    void discardingAnUnfinishedPackageRemovesItsTemporaryFile() throws Exception {
        ExportArchive archive = archives.create(NAME).await();
        archive.beginSection("audit_logs", false).await();
        archive.writeRows(batch(List.of("id"), new Object[] {1L})).await();

        archive.discard().await();

        assertThat(filesInTheDirectory()).isEmpty();
    }

    @Test
    void discardingAFinishedPackageRemovesTheFinalFile() throws Exception {
        ExportArchive archive = archives.create(NAME).await();
        archive.beginSection("account", true).await();
        PackagedFile account = archive.endSection().await();
        archive.finish(description(List.of(new PackageDescription.Section(ACCOUNT, account)))).await();

        archive.discard().await();

        assertThat(filesInTheDirectory()).isEmpty();
    }

    @Test
    void aFailedStepFailsTheFollowingOnesAndDiscardStillCleansUp() throws Exception {
        ExportArchive archive = archives.create(NAME).await();

        Throwable outOfOrder = catchThrowable(() -> archive.endSection().await());
        Throwable next = catchThrowable(() -> archive.beginSection("account", true).await());
        archive.discard().await();

        assertThat(outOfOrder).isNotNull();
        assertThat(next).isSameAs(outOfOrder);
        assertThat(filesInTheDirectory()).isEmpty();
    }

    @Test
    void anUnwritableDirectoryIsATransientFaultAndLeavesNoFile() throws Exception {
        try (UnwritableDirectory ignored = UnwritableDirectory.make(exports.root())) {
            Throwable failure = catchThrowable(() -> archives.create(NAME).await());

            assertThat(failure).isInstanceOf(ExportFault.class)
                    .hasMessageStartingWith("cannot write the export file dsar_GDPR-ARCHIVE-1_20260304_050607.zip.part in ");
            assertThat(((ExportFault) failure).isPermanent()).isFalse();
        }
        assertThat(filesInTheDirectory()).isEmpty();
    }

    @Test
    void aSymlinkUnderTheTemporaryNameIsNeitherFollowedNorReplaced() throws Exception {
        Path outside = Files.writeString(exports.base().resolve("outside.txt"), "keep me");
        Path link = Files.createSymbolicLink(exports.root().resolve(NAME.asTemporary().fileName()), outside);

        Throwable failure = catchThrowable(() -> archives.create(NAME).await());

        assertThat(failure).isInstanceOf(ExportFault.class);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(outside).hasContent("keep me");
    }
}
