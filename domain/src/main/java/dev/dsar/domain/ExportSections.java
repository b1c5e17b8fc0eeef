package dev.dsar.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an export holds: its sections, in the order they are written (names are unique), and the controller who
 * answers for them, when the sections file names one.
 */
public record ExportSections(List<ExportSection> sections, Optional<DataController> controller) {

    public ExportSections(List<ExportSection> sections) {
        this(sections, Optional.empty());
    }

    public ExportSections {
        controller = controller == null ? Optional.empty() : controller;
        if (sections == null || sections.isEmpty()) {
            throw new IllegalArgumentException("there must be at least one section");
        }
        sections = List.copyOf(sections);
        Set<String> names = new HashSet<>();
        for (ExportSection section : sections) {
            if (!names.add(section.name())) {
                throw new IllegalArgumentException("section '" + section.name() + "': the name is used twice");
            }
        }
    }

    public List<String> names() {
        return sections.stream().map(ExportSection::name).toList();
    }
}
