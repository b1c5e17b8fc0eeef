package dev.dsar.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import dev.dsar.bootstrap.RunningService.Export;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperationsIT {

    @RegisterExtension
    static final RunningService dsar = new RunningService();

    @Test
    void healthIsUpWithoutAToken() {
        HttpResponse<Buffer> response = dsar.get("/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    }

    @Test
    void readinessFollowsTheDatabase() throws Exception {
        assertThat(dsar.get("/ready", null).statusCode()).isEqualTo(200);
        String database = dsar.database().location().database();

        HttpResponse<Buffer> down;
        try (Connection admin = TestPostgres.connect(TestPostgres.server()); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            try {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                down = dsar.get("/ready", null);
            } finally {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false).put("error", "Database unreachable")
                .put("status", "DOWN").put("databases", new JsonObject().put("service", "DOWN").put("source", "DOWN")));
        assertThat(dsar.get("/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsArePrometheusTextWithHttpAndDsarMeters() {
        UserId owner = dsar.newUser();
        Export export = dsar.completedExport(owner, 10);
        dsar.get("/api/dsar/download/" + export.reference(), dsar.token(owner));
        dsar.post("/api/dsar/requests", dsar.token(dsar.newUser()), "");

        HttpResponse<Buffer> response = dsar.get("/metrics", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(response.bodyAsString())
                .containsPattern("dsar_http_server_requests_seconds_count\\{method=\"GET\","
                        + "route=\"/api/dsar/download/:ref\",status=\"200\"} [1-9]")
                .contains("dsar_http_server_active_requests")
                .containsPattern("dsar_downloads_total\\{outcome=\"sent\"} [1-9]")
                .containsPattern("dsar_export_requests_total\\{by=\"subject\"} [1-9]")
                .contains("dsar_download_bytes_total")
                .contains("jvm_memory_used_bytes")
                // Each database pool's client meters under its own name, not only the first pool's.
                .containsPattern("vertx_sql_[a-z_]+\\{[^}]*namespace=\"dsar-service\"")
                .doesNotContain("vertx_net_client_");
    }
}
