package dev.dsar.application.port.out;

import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.time.Instant;
import java.util.List;

/**
 * What the package says about itself (meta.json, dsar_request.json, index.html): the request, when its
 * generation started (the stamp of its name) and finished, and each section's file. Holds no personal data
 * beyond the user id and the reference.
 */
public record PackageDescription(ReferenceId reference, UserId userId, String requestedBy, Instant requestedAt,
                                 Instant startedAt, Instant generatedAt, int attempt, List<Section> sections) {

    public PackageDescription {
        sections = List.copyOf(sections);
    }

    /** A section as written: its definition and its file. */
    public record Section(ExportSection definition, PackagedFile file) {
    }
}
