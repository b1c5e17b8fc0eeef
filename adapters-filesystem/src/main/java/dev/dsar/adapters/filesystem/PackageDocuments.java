package dev.dsar.adapters.filesystem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.domain.ExportSection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The package's own files: {@code dsar_request.json} (the request), {@code meta.json} (contents, counts,
 * checksums, notes on the format) and {@code index.html} (the same for a person, readable offline: no script,
 * no external resource, every shown value escaped).
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
            out.writeEndObject();
        });
    }

    /** {@code others}: the package's other files (request, index), listed after the sections in the manifest. */
    byte[] meta(PackageDescription description, List<PackagedFile> others) throws IOException {
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
            out.writeArrayFieldStart("notes");
            for (String note : NOTES) {
                out.writeString(note);
            }
            out.writeEndArray();
            out.writeArrayFieldStart("files");
            for (PackageDescription.Section section : description.sections()) {
                writeFile(out, section.file(), section.definition().name(), section.definition().single());
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

    byte[] index(PackageDescription description) {
        String reference = html(description.reference().value());
        StringBuilder page = new StringBuilder(8192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Your personal data: export ").append(reference).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;max-width:60rem;")
                .append("margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2328}\n")
                .append("table{border-collapse:collapse;width:100%;margin:1rem 0}")
                .append("th,td{border:1px solid #d0d7de;padding:.4rem .6rem;text-align:left;vertical-align:top}")
                .append("th{background:#f6f8fa}td.n{text-align:right}code{font-size:.9em;word-break:break-all}\n")
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>Your personal data</h1>\n")
                .append("<p>This folder holds a copy of the personal data we keep about you, as you asked under the ")
                .append("right of access (GDPR Article 15). Each section below is one file in this folder. ")
                .append("The files are plain text in JSON format: open them with a text editor or a web browser.</p>\n")
                .append("<table>\n")
                .append(row("Request reference", reference))
                .append(row("User id", html(Long.toString(description.userId().value()))))
                .append(row("Requested at (UTC)", html(Iso.instant(description.requestedAt()))))
                .append(row("Generated at (UTC)", html(Iso.instant(description.generatedAt()))))
                .append("</table>\n")
                .append("<h2>What is inside</h2>\n<table>\n<tr><th>File</th><th>What it holds</th>")
                .append("<th>Records</th></tr>\n");
        for (PackageDescription.Section section : description.sections()) {
            ExportSection definition = section.definition();
            String file = html(section.file().name());
            page.append("<tr><td><a href=\"").append(file).append("\">").append(file).append("</a></td><td>")
                    .append(html(definition.description().orElse("Records of the section \u201c" + definition.name()
                            + "\u201d.")));
            if (definition.single()) {
                page.append(" <em>One record at most.</em>");
            }
            if (!definition.redact().isEmpty()) {
                page.append(" <em>Hidden as ").append(html(ExportSection.REDACTED)).append(": ")
                        .append(html(String.join(", ", definition.redact()))).append(".</em>");
            }
            page.append("</td><td class=\"n\">").append(section.file().records()).append("</td></tr>\n");
        }
        page.append("</table>\n")
                .append("<h2>Other files</h2>\n<ul>\n")
                .append("<li><a href=\"").append(REQUEST).append("\">").append(REQUEST)
                .append("</a>: your request (reference, when it was made and by whom).</li>\n")
                .append("<li><a href=\"").append(META).append("\">").append(META)
                .append("</a>: the list of files with their record counts and SHA-256 checksums, and notes on the")
                .append(" format, for software and for checking that nothing was altered.</li>\n")
                .append("</ul>\n<h2>Reading the data</h2>\n<ul>\n")
                .append("<li>Times are in Coordinated Universal Time (UTC), written like 2026-03-01T10:00:00Z.</li>\n")
                .append("<li>Empty values are written <code>null</code>.</li>\n")
                .append("<li>Values shown as <code>").append(html(ExportSection.REDACTED))
                .append("</code> are withheld, such as the hash of an access token, a security secret.</li>\n")
                .append("<li>Binary values are written in base64.</li>\n")
                .append("</ul>\n</body>\n</html>\n");
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String row(String label, String escapedValue) {
        return "<tr><th>" + label + "</th><td>" + escapedValue + "</td></tr>\n";
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String html(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
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
