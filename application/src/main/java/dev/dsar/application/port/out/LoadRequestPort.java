package dev.dsar.application.port.out;

import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

public interface LoadRequestPort {

    Future<Optional<DsarRequest>> findByReference(ReferenceId reference);

    /** A user's requests, newest first. */
    Future<List<DsarRequest>> listByUser(UserId user);
}
