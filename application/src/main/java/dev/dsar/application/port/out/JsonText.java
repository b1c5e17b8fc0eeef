package dev.dsar.application.port.out;

import java.util.Objects;

/** A JSON document as the source wrote it (valid JSON, one line): written into the package as is. */
public record JsonText(String json) {

    public JsonText {
        Objects.requireNonNull(json, "json");
    }
}
