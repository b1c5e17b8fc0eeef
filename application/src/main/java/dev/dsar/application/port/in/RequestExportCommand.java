package dev.dsar.application.port.in;

import dev.dsar.domain.Actor;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.util.Objects;
import java.util.Optional;

/** Export the data of {@code user}; {@code reference} is chosen by the caller or generated when empty. */
public record RequestExportCommand(UserId user, Optional<ReferenceId> reference, Actor requestedBy) {

    public RequestExportCommand {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }

    public static RequestExportCommand bySubject(UserId user) {
        return new RequestExportCommand(user, Optional.empty(), dev.dsar.domain.Actor.subject(user));
    }
}
