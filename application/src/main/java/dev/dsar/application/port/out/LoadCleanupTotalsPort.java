package dev.dsar.application.port.out;

import dev.dsar.domain.CleanupTotals;
import io.vertx.core.Future;

/** Sums the recorded cleanup cycles of every instance (dry runs excluded). */
public interface LoadCleanupTotalsPort {

    Future<CleanupTotals> totals();
}
