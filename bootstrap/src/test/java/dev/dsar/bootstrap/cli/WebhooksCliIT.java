package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.testing.TempFiles;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhooksCliIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-04T03:02:01Z"), ZoneOffset.UTC);

    private Path exports;
    private Map<String, String> env;

    @BeforeEach
    void environment() throws IOException {
        exports = Files.createTempDirectory("dsar-webhooks-cli-");
        env = Map.of("DSAR_DATABASE_URL", db.uri(), "EXPORT_STORAGE_PATH", exports.toString());
        db.execute("DELETE FROM dsar_webhook_events");
        db.execute("INSERT INTO dsar_webhook_events (id, webhook_id, event_type, gdpr_reference_id, user_id, occurred_at,"
                + " next_attempt_at, retry_from, state, attempts, last_http_status, last_error, dead_at) VALUES"
                + " (7, 'msg_dead', 'export.completed', 'GDPR-CLI-1', 42, now(), now(), now(), 'dead', 9, 503, 'HTTP 503', now()),"
                + " (8, 'msg_pending', 'export.failed', 'GDPR-CLI-2', 43, now(), now(), now(), 'pending', 0, NULL, NULL, NULL)");
    }

    @AfterEach
    void removeExports() throws IOException {
        TempFiles.deleteTree(exports);
    }

    @Test
    void listsPendingEventsByDefaultAndDeadOnesWhenAsked() {
        CliRun pending = CliRun.run(env, CLOCK, "webhooks");
        assertThat(pending.exitCode()).isZero();
        assertThat(pending.json().getJsonArray("events")).hasSize(1);
        assertThat(pending.json().getJsonArray("events").getJsonObject(0).getString("webhook_id")).isEqualTo("msg_pending");

        CliRun dead = CliRun.run(env, CLOCK, "webhooks", "--state", "dead");
        JsonObject event = dead.json().getJsonArray("events").getJsonObject(0);
        assertThat(event.getString("reference_id")).isEqualTo("GDPR-CLI-1");
        assertThat(event.getInteger("last_http_status")).isEqualTo(503);
        assertThat(event.getInteger("attempts")).isEqualTo(9);
    }

    @Test
    void reSendsADeadEventAndRefusesAnythingElse() {
        CliRun resent = CliRun.run(env, CLOCK, "webhooks", "--retry", "7");
        assertThat(resent.exitCode()).isZero();
        assertThat(resent.json().getString("state")).isEqualTo("pending");

        CliRun again = CliRun.run(env, CLOCK, "webhooks", "--retry", "7");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.json().getString("error")).isEqualTo("No dead event with this id");
    }

    @Test
    void aBadStateIsAUsageError() {
        CliRun bad = CliRun.run(env, CLOCK, "webhooks", "--state", "lost");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--state");
    }
}
