package dev.dsar.adapters.filesystem;

import static dev.dsar.adapters.filesystem.ExportArchiveFilesystemAdapterIT.batch;
import static dev.dsar.adapters.filesystem.ExportArchiveFilesystemAdapterIT.entries;
import static dev.dsar.adapters.filesystem.ExportArchiveFilesystemAdapterIT.sha256;
import static dev.dsar.adapters.filesystem.ExportArchiveFilesystemAdapterIT.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.dsar.application.port.out.ExportArchivePort.ExportArchive;
import dev.dsar.application.port.out.JsonText;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.domain.DataController;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.Processing;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ExportArchiveCsvIT {

    static final ReferenceId REF = new ReferenceId("GDPR-CSV-1");
    static final ExportFileName NAME = ExportFileName.of(REF, Instant.parse("2026-03-04T05:06:07Z"));
    static final String ROOT = "dsar-GDPR-CSV-1-20260304-050607/";
    static final ExportSection ACCOUNT = new ExportSection("account", true, List.of(), Optional.of("Account"));
    static final ExportSection LOGS = new ExportSection("audit_logs", false, List.of("secret"), Optional.of("Logs"),
            Optional.empty(), new Processing(Optional.of("Security"), Optional.of("Art. 6(1)(f)"), Optional.empty(),
                    Optional.of("12 months"), Optional.of("Our service")), Map.of("ip", "IP address"));
    static final ExportSection EMPTY = ExportSection.of("api_tokens");

    @TempDir
    Path temp;

    private Path root;
    private ExportArchiveFilesystemAdapter archives;

    @BeforeEach
    void openTheExportDirectory(Vertx vertx) throws Exception {
        ExportDirectory directory = ExportDirectory.open(temp.toRealPath().resolve("exports"));
        root = directory.root();
        archives = new ExportArchiveFilesystemAdapter(vertx, directory, ExportArchiveFilesystemAdapter.DEFAULT_LEVEL,
                true);
    }

    ExportArtifact writePackage() {
        ExportArchive archive = archives.create(NAME).await();
        List<PackageDescription.Section> sections = new ArrayList<>();
        archive.beginSection("account", true).await();
        archive.writeRows(batch(List.of("id", "email"), new Object[] {1L, "a@example.org"})).await();
        sections.add(new PackageDescription.Section(ACCOUNT, archive.endSection().await()));
        archive.beginSection("audit_logs", false).await();
        List<String> columns = List.of("id", "action", "details", "at", "secret", "ip", "bytes");
        archive.writeRows(batch(columns,
                new Object[] {1L, "=HYPERLINK(\"http://evil\",\"x\")", new JsonText("{\"a\": [1, \"b,c\"]}"),
                        OffsetDateTime.parse("2026-01-02T03:04:05.5Z"), ExportSection.REDACTED, null, new byte[] {1, 2}},
                new Object[] {2L, "line one\r\nline \"two\"", Map.of("k", "v"), null, ExportSection.REDACTED,
                        "-1+1", new byte[0]})).await();
        archive.writeRows(batch(columns,
                new Object[] {3L, "@SUM(A1)", null, null, ExportSection.REDACTED, "+44 20", null})).await();
        sections.add(new PackageDescription.Section(LOGS, archive.endSection().await()));
        archive.beginSection("api_tokens", false).await();
        archive.writeRows(batch(List.of("id", "name"))).await();
        sections.add(new PackageDescription.Section(EMPTY, archive.endSection().await()));
        return archive.finish(new PackageDescription(REF, new UserId(42), "subject:42",
                Instant.parse("2026-03-04T05:00:00Z"), Instant.parse("2026-03-04T05:06:07Z"),
                Instant.parse("2026-03-04T05:06:09Z"), 1, sections, Optional.of(new DataController("Example Ltd",
                        Optional.of("privacy@example.com"), Optional.empty(), Optional.of("ICO"))))).await();
    }

    static List<List<String>> parse(byte[] csv) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> lines = mapper.readerForListOf(String.class).readValues(csv)) {
            lines.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void eachArraySectionIsAlsoACsvFileWithAHeaderRowThatReadsBackToTheSameValues() throws Exception {
        Map<String, byte[]> entries = entries(Path.of(writePackage().storagePath()));

        assertThat(entries.keySet()).containsExactly(ROOT + "account.json", ROOT + "audit_logs.json",
                ROOT + "audit_logs.csv", ROOT + "api_tokens.json", ROOT + "api_tokens.csv", ROOT + "dsar_request.json",
                ROOT + "index.html", ROOT + "meta.json");
        List<List<String>> logs = parse(entries.get(ROOT + "audit_logs.csv"));
        assertThat(logs).containsExactly(
                List.of("id", "action", "details", "at", "secret", "ip", "bytes"),
                List.of("1", "'=HYPERLINK(\"http://evil\",\"x\")", "{\"a\": [1, \"b,c\"]}", "2026-01-02T03:04:05.500Z",
                        "[REDACTED]", "", "AQI="),
                List.of("2", "line one\r\nline \"two\"", "{\"k\":\"v\"}", "", "[REDACTED]", "'-1+1", ""),
                List.of("3", "'@SUM(A1)", "", "", "[REDACTED]", "'+44 20", ""));
        assertThat(text(entries.get(ROOT + "audit_logs.csv"))).startsWith("id,action,details,at,secret,ip,bytes\r\n1,")
                .endsWith("\r\n");
        assertThat(text(entries.get(ROOT + "api_tokens.csv"))).isEqualTo("id,name\r\n");
    }

    @Test
    void theManifestListsTheCsvFilesWithTheirChecksumsAndCarriesTheControllerAndProcessing() throws Exception {
        Map<String, byte[]> entries = entries(Path.of(writePackage().storagePath()));

        JsonObject meta = new JsonObject(text(entries.get(ROOT + "meta.json")));
        assertThat(meta.getJsonArray("formats")).containsExactly("json", "csv");
        JsonArray files = meta.getJsonArray("files");
        assertThat(files.stream().map(file -> ((JsonObject) file).getString("name"))).containsExactly("account.json",
                "audit_logs.json", "audit_logs.csv", "api_tokens.json", "api_tokens.csv", "dsar_request.json",
                "index.html");
        for (Object listed : files) {
            JsonObject file = (JsonObject) listed;
            assertThat(file.getString("sha256")).as(file.getString("name"))
                    .isEqualTo(sha256(entries.get(ROOT + file.getString("name"))));
        }
        assertThat(files.getJsonObject(2).getString("section")).isEqualTo("audit_logs");
        assertThat(files.getJsonObject(2).getLong("records")).isEqualTo(3);
        assertThat(meta.getJsonObject("controller")).isEqualTo(new JsonObject().put("name", "Example Ltd")
                .put("contact", "privacy@example.com").putNull("dpo_contact").put("supervisory_authority", "ICO"));
        assertThat(meta.getJsonObject("processing").getJsonObject("audit_logs")).isEqualTo(new JsonObject()
                .put("description", "Logs").put("purpose", "Security").put("legal_basis", "Art. 6(1)(f)")
                .putNull("recipients").put("retention", "12 months").put("source", "Our service")
                .put("labels", new JsonObject().put("ip", "IP address")));
        assertThat(meta.getJsonObject("processing").fieldNames()).containsExactly("account", "audit_logs", "api_tokens");
        assertThat(meta.getJsonArray("notes").getList()).anySatisfy(note -> assertThat((String) note).contains("CSV"));
        assertThat(text(entries.get(ROOT + "index.html"))).contains("audit_logs.csv", "apostrophe");
    }

    @Test
    void noSpoolFileIsLeftBesideThePackageFinishedOrDiscarded() throws Exception {
        writePackage();
        ExportArchive discarded = archives.create(ExportFileName.of(REF, Instant.parse("2026-03-05T00:00:00Z"))).await();
        discarded.beginSection("audit_logs", false).await();
        discarded.writeRows(batch(List.of("id"), new Object[] {1L})).await();
        try (Stream<Path> during = Files.list(root)) {
            assertThat(during.map(path -> path.getFileName().toString()))
                    .contains("dsar_GDPR-CSV-1_20260305_000000.zip.part.audit_logs.csv");
        }

        discarded.discard().await();

        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactly("dsar_GDPR-CSV-1_20260304_050607.zip");
        }
    }
}
