package dev.dsar.application.port.out;

import dev.dsar.domain.ExportSection;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * The host application's data: runs one section's query for one user, read-only, and hands its rows over in
 * bounded batches. The next batch is only fetched (at most one ahead) once {@code sink} has accepted the
 * previous one, so memory does not grow with the user's data; no database transaction stays open while the
 * sink works. The sink is called at least once, so that the columns are known even without a row.
 *
 * <p>Completes with the number of rows, or fails with an {@link dev.dsar.domain.ExportFault} naming the
 * section (permanent for a broken query, transient for an unreachable database), or with the sink's failure.
 */
public interface PersonalDataSourcePort {

    Future<Long> stream(ExportSection section, UserId user, Function<RowBatch, Future<Void>> sink);
}
