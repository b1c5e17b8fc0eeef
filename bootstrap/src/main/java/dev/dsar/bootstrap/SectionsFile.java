package dev.dsar.bootstrap;

import dev.dsar.adapters.persistence.SectionQueries;
import dev.dsar.adapters.persistence.SectionQuery;
import dev.dsar.domain.DataController;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ExportSections;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the sections file ({@code DSAR_SECTIONS_CONFIG}, or the built-in one for the demo schema) into the
 * validated {@link ExportSections} and, for the source adapter, each section's {@link SectionQuery}; any problem
 * stops start-up with a message naming the file and the section (docs/exports.md describes the format).
 */
public final class SectionsFile {

    /** What the file says: the sections as the domain knows them, and the query of each. */
    public record Loaded(ExportSections sections, SectionQueries queries) {
    }

    static final String VARIABLE = "DSAR_SECTIONS_CONFIG";
    static final String BUILT_IN = "dsar/default-sections.json";
    private static final Set<String> OWN_KEYS = Set.of("name", "query", "single", "redact", "description", "key");
    private static final Set<String> KEYS = union(OWN_KEYS, ProcessingJson.SECTION_KEYS);
    private static final String ALLOWED = String.join(", ", KEYS.stream().sorted().toList());

    private SectionsFile() {
    }

    public static Loaded load(Optional<Path> configured) {
        if (configured.isEmpty()) {
            return builtIn();
        }
        Path path = configured.get();
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw problem(path.toString(), "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(path.toString(), content);
    }

    public static Loaded builtIn() {
        try (InputStream in = SectionsFile.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in sections file " + BUILT_IN + " is missing from the jar");
            }
            return parse("built-in sections", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("the built-in sections file cannot be read", e);
        }
    }

    static Loaded parse(String source, String content) {
        JsonObject file;
        try {
            file = new JsonObject(content);
        } catch (DecodeException | ClassCastException invalid) {
            String detail = invalid.getMessage() == null ? "" : ": " + invalid.getMessage().lines().findFirst().orElse("");
            throw problem(source, "is not a valid JSON object" + detail);
        }
        for (String key : file.fieldNames()) {
            if (!key.equals("sections") && !key.equals("controller")) {
                throw problem(source, "unknown key '" + key + "' (expected {\"controller\": {...}, \"sections\": [...]})");
            }
        }
        if (!(file.getValue("sections") instanceof JsonArray array)) {
            throw problem(source, "expected {\"sections\": [...]} with an array of sections");
        }
        Optional<DataController> controller;
        try {
            controller = file.containsKey("controller")
                    ? Optional.of(ProcessingJson.controller(file.getValue("controller")))
                    : Optional.empty();
        } catch (IllegalArgumentException invalid) {
            throw problem(source, invalid.getMessage());
        }
        List<ExportSection> sections = new ArrayList<>();
        List<SectionQuery> queries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            section(source, i + 1, array.getValue(i), sections, queries);
        }
        try {
            return new Loaded(new ExportSections(sections, controller), new SectionQueries(queries));
        } catch (IllegalArgumentException invalid) {
            throw problem(source, invalid.getMessage());
        }
    }

    private static void section(String source, int position, Object value, List<ExportSection> sections,
                                List<SectionQuery> queries) {
        if (!(value instanceof JsonObject json)) {
            throw problem(source, "section " + position + ": expected an object with a name and a query");
        }
        Object name = json.getValue("name");
        String which = name instanceof String text ? "section '" + text + "'" : "section " + position;
        for (String key : json.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw problem(source, which + ": unknown key '" + key + "' (allowed: " + ALLOWED + ")");
            }
        }
        try {
            String sectionName = string(json, "name", which, true);
            String query = string(json, "query", which, true);
            boolean single = bool(json, "single", which);
            List<String> redact = redact(json, which);
            Optional<String> description = Optional.ofNullable(string(json, "description", which, false));
            Optional<String> key = Optional.ofNullable(string(json, "key", which, false));
            // The fields' types first, then the name, the query and the rest: the order problems were always
            // reported in.
            ExportSection.requireValidName(sectionName);
            SectionQuery sectionQuery = new SectionQuery(sectionName, query);
            JsonObject notice = new JsonObject();
            ProcessingJson.SECTION_KEYS.stream().filter(json::containsKey)
                    .forEach(field -> notice.put(field, json.getValue(field)));
            ProcessingJson.SectionNotice said = ProcessingJson.section(notice, which);
            queries.add(sectionQuery);
            sections.add(new ExportSection(sectionName, single, redact, description, key, said.processing(),
                    said.labels()));
        } catch (IllegalArgumentException invalid) {
            throw problem(source, invalid.getMessage());
        }
    }

    private static String string(JsonObject json, String key, String which, boolean required) {
        Object value = json.getValue(key);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(which + ": '" + key + "' must be a string");
        }
        return text;
    }

    private static boolean bool(JsonObject json, String key, String which) {
        Object value = json.getValue(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw new IllegalArgumentException(which + ": '" + key + "' must be true or false");
        }
        return flag;
    }

    private static List<String> redact(JsonObject json, String which) {
        Object value = json.getValue("redact");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(which + ": 'redact' must be an array of column names");
        }
        return array.stream().map(String.class::cast).toList();
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        Set<String> all = new java.util.HashSet<>(one);
        all.addAll(other);
        return Set.copyOf(all);
    }

    private static ConfigurationException problem(String source, String problem) {
        return new ConfigurationException(VARIABLE, source + ": " + problem);
    }
}
