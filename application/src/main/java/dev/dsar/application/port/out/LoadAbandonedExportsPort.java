package dev.dsar.application.port.out;

import dev.dsar.domain.DsarRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Processing requests whose worker's lease ran out at or before {@code now}, oldest lease first. */
public interface LoadAbandonedExportsPort {

    Future<List<DsarRequest>> findAbandoned(Instant now, int limit);
}
