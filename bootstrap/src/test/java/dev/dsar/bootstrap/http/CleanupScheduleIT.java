package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin's cleanup statistics say when this instance's timer runs the next cycle. */
class CleanupScheduleIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService().with("CLEANUP_ENABLED", "true")
            .with("DSAR_CLEANUP_INTERVAL", "PT6H");

    @Test
    void theStatisticsNameTheNextScheduledRunTheFirstCycleShortlyAfterStart() {
        String admin = dsar.adminToken(dsar.newUser());

        JsonObject body = dsar.get("/api/admin/dsar/cleanup/stats", admin).bodyAsJsonObject();

        // The service's clock stands still in these tests: the first cycle is 10 s after start on it.
        assertThat(Instant.parse(body.getJsonObject("stats").getString("next_run")))
                .isEqualTo(dsar.clock().instant().plusSeconds(10));
    }
}
