package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} killed with SIGKILL while a notification is on its way (the receiver has the request and has not
 * answered): a new instance delivers the event, with the same {@code webhook-id}. The dispatcher's lease on the
 * event (the receivers' timeout plus a minute) is run out by hand after the kill, setting its expiry to the
 * database's {@code now()}, as {@link KillNineIT} does for exports, so the test measures recovery, not the wait.
 */
class WebhookKillNineIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    private static final String REFERENCE = "GDPR-HOOK-KILL-NINE";
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path exports;

    @TempDir
    Path logs;

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void anEventInFlightWhenServeIsKilledIsDeliveredAfterTheRestartWithTheSameWebhookId() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicBoolean holdTheFirst = new AtomicBoolean(true);
        HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(request.getHeader("webhook-id"));
            if (!holdTheFirst.getAndSet(false)) {
                request.response().setStatusCode(204).end();
            }
            // the first is never answered: it is in flight when serve is killed
        })).listen(0, "127.0.0.1").await();
        String secret = "whsec_" + Base64.getEncoder().encodeToString(
                "kill-nine-webhook-secret-0123456".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> env = Map.of("DSAR_DATABASE_URL", db.uri(), "EXPORT_STORAGE_PATH", exports.toString(),
                "CLEANUP_ENABLED", "false", "DSAR_EXPORT_WORKER_ENABLED", "false",
                "DSAR_WEBHOOK_URL", "http://127.0.0.1:" + receiver.actualPort() + "/hooks",
                "DSAR_WEBHOOK_SECRET", secret);
        // A request that failed: the outbox trigger writes its export.failed event with the move.
        db.execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at)"
                + " VALUES (91, '" + REFERENCE + "', 'pending', 'operator:cli', now());"
                + " UPDATE dsar_requests SET status = 'failed', failed_at = now(), attempts = 3,"
                + " last_error = 'source database refused the query' WHERE gdpr_reference_id = '" + REFERENCE + "'");

        String inFlight;
        try (ServeProcess first = ServeProcess.start(env, logs, "killed-dispatcher")) {
            inFlight = Deadline.awaitValue(Duration.ofSeconds(60), "the event at the receiver",
                    () -> received.isEmpty() ? Optional.empty() : Optional.of(received.get(0)));
            first.kill9();
        }
        Map<String, String> held = sql().rows("SELECT state, lease_owner, webhook_id FROM dsar_webhook_events"
                + " WHERE gdpr_reference_id = '" + REFERENCE + "'").get(0);
        assertThat(held.get("state")).as("not delivered: no answer came").isEqualTo("pending");
        assertThat(held.get("lease_owner")).as("still leased by the killed instance").isNotNull();
        sql().execute("UPDATE dsar_webhook_events SET lease_expires_at = now() WHERE gdpr_reference_id = '"
                + REFERENCE + "'");

        try (ServeProcess second = ServeProcess.start(env, logs, "recovering-dispatcher")) {
            Deadline.await(Duration.ofSeconds(60), "the event delivered by the new instance", () -> "delivered".equals(
                    sql().rows("SELECT state FROM dsar_webhook_events WHERE gdpr_reference_id = '" + REFERENCE + "'")
                            .get(0).get("state")));
            assertThat(second.terminate()).as(second.log()).isZero();
        }

        assertThat(received).hasSizeGreaterThanOrEqualTo(2).allMatch(inFlight::equals);
        assertThat(held.get("webhook_id")).isEqualTo(inFlight);
    }

    private Sql sql() {
        return new Sql(db.location());
    }
}
