package dev.dsar.application.port.in;

import io.vertx.core.Future;

/** A data subject, an admin on their behalf or an operator asks for a copy of a user's data. */
public interface RequestExportUseCase {

    Future<RequestExportOutcome> request(RequestExportCommand command);
}
