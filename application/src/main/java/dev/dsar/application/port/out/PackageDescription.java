package dev.dsar.application.port.out;

import dev.dsar.domain.DataController;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the package says about itself (meta.json, dsar_request.json, index.html): the request, when its
 * generation started (the stamp of its name) and finished, each section's file, and the controller who
 * answers for the data when the sections file names one. Holds no personal data beyond the user id and the
 * reference.
 */
public record PackageDescription(ReferenceId reference, UserId userId, String requestedBy, Instant requestedAt,
                                 Instant startedAt, Instant generatedAt, int attempt, List<Section> sections,
                                 Optional<DataController> controller) {

    public PackageDescription {
        sections = List.copyOf(sections);
        controller = controller == null ? Optional.empty() : controller;
    }

    /** A package whose sections file names no controller. */
    public PackageDescription(ReferenceId reference, UserId userId, String requestedBy, Instant requestedAt,
                              Instant startedAt, Instant generatedAt, int attempt, List<Section> sections) {
        this(reference, userId, requestedBy, requestedAt, startedAt, generatedAt, attempt, sections,
                Optional.empty());
    }

    /** A section as written: its definition and its file. */
    public record Section(ExportSection definition, PackagedFile file) {
    }
}
