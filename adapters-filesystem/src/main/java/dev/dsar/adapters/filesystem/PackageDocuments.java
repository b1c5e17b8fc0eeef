package dev.dsar.adapters.filesystem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.domain.ExportSection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The package's JSON files of its own: {@code dsar_request.json} (the request and its history) and
 * {@code meta.json} (contents, counts, checksums, notes on the format, and what GDPR Art. 15 requires: the
 * controller and each section's processing, machine-readable). {@link IndexPage} says the same for a person.
 */
final class PackageDocuments {

    static final String META = "meta.json";
    static final String REQUEST = "dsar_request.json";
    static final String INDEX = "index.html";
    static final int SCHEMA_VERSION = 1;

    static final List<String> NOTES = List.of(
            "Each <section>.json file holds one section of your data: an array with one object per record"
                    + " (one record per line), or for a single-record section one object, or null when there is none.",
            "Times are ISO-8601 in UTC (the Z suffix); times stored without a time zone are read as UTC.",
            "Binary values are base64-encoded strings; JSON documents stored by the application appear as nested"
                    + " JSON; numbers keep their precision.",
            "Values of the columns listed under redacted_columns are withheld and replaced by \""
                    + ExportSection.REDACTED + "\".",
            "files lists every other file of this folder with its size in bytes and the SHA-256 checksum of its"
                    + " extracted content.");

    static final String CSV_NOTE = "Each <section>.csv file holds an array section as CSV (RFC 4180, UTF-8, CRLF,"
            + " a header row of column names): values as in the JSON file, JSON documents as JSON text, empty values"
            + " as empty fields; a text starting with =, +, -, @, a tab or a carriage return has an apostrophe added"
            + " in front so that spreadsheets do not run it as a formula.";

    private final JsonFactory json;

    PackageDocuments(JsonFactory json) {
        this.json = json;
    }

    byte[] request(PackageDescription description) throws IOException {
        return document(out -> {
            out.writeStartObject();
            out.writeStringField("reference_id", description.reference().value());
            out.writeNumberField("user_id", description.userId().value());
            out.writeStringField("requested_at", Iso.instant(description.requestedAt()));
            out.writeStringField("requested_by", description.requestedBy());
            out.writeStringField("started_at", Iso.instant(description.startedAt()));
            out.writeStringField("generated_at", Iso.instant(description.generatedAt()));
            out.writeNumberField("attempt", description.attempt());
            out.writeArrayFieldStart("history");
            event(out, description.requestedAt(), "requested", RequestWords.asked(description.requestedBy()) + ".");
            event(out, description.startedAt(), "started", "The service started preparing this copy.");
            event(out, description.generatedAt(), "completed", "The service finished preparing this copy.");
            out.writeEndArray();
            out.writeEndObject();
        });
    }

    private static void event(JsonGenerator out, java.time.Instant at, String event, String words) throws IOException {
        out.writeStartObject();
        out.writeStringField("event", event);
        out.writeStringField("at", Iso.instant(at));
        out.writeStringField("description", words);
        out.writeEndObject();
    }

    /**
     * {@code csv}: the sections' CSV files, by section; {@code others}: the package's other files (request, index),
     * listed after the sections in the manifest.
     */
    byte[] meta(PackageDescription description, Map<String, PackagedFile> csv, List<PackagedFile> others)
            throws IOException {
        return document(out -> {
            out.writeStartObject();
            out.writeNumberField("schema_version", SCHEMA_VERSION);
            out.writeStringField("generated_at", Iso.instant(description.generatedAt()));
            out.writeStringField("reference_id", description.reference().value());
            out.writeNumberField("user_id", description.userId().value());
            out.writeArrayFieldStart("sections");
            for (PackageDescription.Section section : description.sections()) {
                out.writeString(section.definition().name());
            }
            out.writeEndArray();
            out.writeObjectFieldStart("record_counts");
            for (PackageDescription.Section section : description.sections()) {
                out.writeNumberField(section.definition().name(), section.file().records());
            }
            out.writeEndObject();
            out.writeObjectFieldStart("redacted_columns");
            for (PackageDescription.Section section : description.sections()) {
                if (!section.definition().redact().isEmpty()) {
                    out.writeArrayFieldStart(section.definition().name());
                    for (String column : section.definition().redact()) {
                        out.writeString(column);
                    }
                    out.writeEndArray();
                }
            }
            out.writeEndObject();
            out.writeArrayFieldStart("formats");
            out.writeString("json");
            if (!csv.isEmpty()) {
                out.writeString("csv");
            }
            out.writeEndArray();
            ProcessingJson.controller(out, description.controller());
            ProcessingJson.sections(out, description.sections());
            out.writeArrayFieldStart("notes");
            for (String note : NOTES) {
                out.writeString(note);
            }
            if (!csv.isEmpty()) {
                out.writeString(CSV_NOTE);
            }
            out.writeEndArray();
            out.writeArrayFieldStart("files");
            for (PackageDescription.Section section : description.sections()) {
                writeFile(out, section.file(), section.definition().name(), section.definition().single());
                PackagedFile table = csv.get(section.definition().name());
                if (table != null) {
                    writeFile(out, table, section.definition().name(), false);
                }
            }
            for (PackagedFile other : others) {
                writeFile(out, other, null, false);
            }
            out.writeEndArray();
            out.writeEndObject();
        });
    }

    private static void writeFile(JsonGenerator out, PackagedFile file, String section, boolean single)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("name", file.name());
        if (section != null) {
            out.writeStringField("section", section);
            out.writeBooleanField("single", single);
            out.writeNumberField("records", file.records());
        }
        out.writeNumberField("bytes", file.bytes());
        out.writeStringField("sha256", file.sha256());
        out.writeEndObject();
    }

    private interface Writing {
        void write(JsonGenerator out) throws IOException;
    }

    private byte[] document(Writing writing) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator out = json.createGenerator(bytes)) {
            out.useDefaultPrettyPrinter();
            writing.write(out);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }
}
