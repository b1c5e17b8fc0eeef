package dev.dsar.bootstrap.testing;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** An export ZIP read back: its entries by name, as text. */
public record ExportPackage(Map<String, String> entries) {

    public static ExportPackage read(Path zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                try (InputStream in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return new ExportPackage(entries);
    }

    /** The single root folder, {@code dsar-{ref}-{stamp}/}. */
    public String root() {
        String first = entries.keySet().iterator().next();
        return first.substring(0, first.indexOf('/') + 1);
    }

    public String text(String file) {
        String text = entries.get(root() + file);
        if (text == null) {
            throw new AssertionError("no " + file + " in " + entries.keySet());
        }
        return text;
    }

    /** A section file parsed: JsonArray, JsonObject, or null. */
    public Object json(String file) {
        return Json.decodeValue(text(file));
    }

    public JsonObject meta() {
        return new JsonObject(text("meta.json"));
    }

    public String allText() {
        return String.join("\n", entries.values());
    }
}
