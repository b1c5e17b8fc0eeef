package dev.dsar.adapters.filesystem;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.domain.DataController;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.Processing;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What GDPR Art. 15 requires, in {@code meta.json}: {@code controller} (or null when the sections file names
 * none) and {@code processing}, by section: description, purpose, legal basis, recipients, retention, source
 * (null when not stated) and column labels.
 */
final class ProcessingJson {

    private ProcessingJson() {
    }

    static void controller(JsonGenerator out, Optional<DataController> controller) throws IOException {
        out.writeFieldName("controller");
        if (controller.isEmpty()) {
            out.writeNull();
            return;
        }
        DataController known = controller.get();
        out.writeStartObject();
        out.writeStringField("name", known.name());
        text(out, "contact", known.contact());
        text(out, "dpo_contact", known.dpoContact());
        text(out, "supervisory_authority", known.supervisoryAuthority());
        out.writeEndObject();
    }

    static void sections(JsonGenerator out, List<PackageDescription.Section> sections) throws IOException {
        out.writeObjectFieldStart("processing");
        for (PackageDescription.Section section : sections) {
            ExportSection definition = section.definition();
            Processing processing = definition.processing();
            out.writeObjectFieldStart(definition.name());
            text(out, "description", definition.description());
            text(out, "purpose", processing.purpose());
            text(out, "legal_basis", processing.legalBasis());
            text(out, "recipients", processing.recipients());
            text(out, "retention", processing.retention());
            text(out, "source", processing.source());
            out.writeObjectFieldStart("labels");
            for (Map.Entry<String, String> label : definition.labels().entrySet()) {
                out.writeStringField(label.getKey(), label.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    private static void text(JsonGenerator out, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            out.writeStringField(field, value.get());
        } else {
            out.writeNullField(field);
        }
    }
}
