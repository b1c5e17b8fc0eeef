package dev.dsar.domain;

import java.util.Optional;

/** Free text given by the operator: stripped, and absent when blank. */
final class Texts {

    private Texts() {
    }

    static Optional<String> optional(Optional<String> text) {
        return text == null ? Optional.empty() : text.map(String::strip).filter(t -> !t.isEmpty());
    }

    static String required(String text, String what) {
        return optional(Optional.ofNullable(text))
                .orElseThrow(() -> new IllegalArgumentException(what + " is required and must not be blank"));
    }
}
