package dev.dsar.bootstrap.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.bootstrap.RunningService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The figures of docs/performance.md#notifications: events per second delivered to a local receiver after a burst
 * of completions, and the delay from one completion to its delivery (median, p99). Printed, not asserted beyond
 * every event arriving: they depend on the machine.
 */
class WebhookFiguresIT {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("figures-key-of-32-bytes-01234567".getBytes());
    static final int BURST = 2_000;
    static final int SINGLES = 40;

    static final WebhookReceiver receiver = new WebhookReceiver(SECRET, () -> WebhookFiguresIT.service.clock().instant());

    @RegisterExtension
    static final RunningService service = new RunningService()
            .with("DSAR_WEBHOOK_URL", receiver.url())
            .with("DSAR_WEBHOOK_SECRET", SECRET);

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** Completed requests written by one statement: the trigger writes their events in the same transaction. */
    static void complete(int count, String prefix) {
        // At the service's clock (which the dispatcher compares with), not the database's.
        String now = "'" + service.clock().instant() + "'::timestamptz";
        service.database().execute("INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by,"
                + " requested_at, started_at, completed_at, attempts, export_storage_path, export_bytes_size, export_sha256)"
                + " SELECT 100000 + i, '" + prefix + "-' || i, 'completed', 'operator:cli', " + now + ", " + now + ", " + now + ", 1,"
                + " '/nowhere/dsar_" + prefix + "_' || i || '.zip', 1, repeat('a', 64) FROM generate_series(1, " + count + ") i");
    }

    @Test
    void burstThroughputAndSingleEventDelay() {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        receiver.answer(delivery -> {
            arrived.putIfAbsent(delivery.reference(), System.nanoTime());
            return WebhookReceiver.Answer.of(204);
        });

        long start = System.nanoTime();
        complete(BURST, "GDPR-BURST");
        WebhookReceiver.await("the burst delivered", () -> arrived.size() >= BURST ? Optional.of(true) : Optional.empty());
        long burstNanos = System.nanoTime() - start;

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < SINGLES; i++) {
            String ref = "GDPR-ONE" + i + "-1";
            long written = System.nanoTime();
            complete(1, "GDPR-ONE" + i);
            long at = WebhookReceiver.await("event " + ref, () -> Optional.ofNullable(arrived.get(ref)));
            delays.add(Duration.ofNanos(at - written).toMillis());
        }
        Collections.sort(delays);

        assertThat(arrived).hasSize(BURST + SINGLES);
        System.out.printf("webhook figures: burst of %d events delivered in %d ms (%.0f events/s); single event"
                        + " completion to delivery: median %d ms, p99 %d ms, max %d ms%n", BURST,
                Duration.ofNanos(burstNanos).toMillis(), BURST * 1e9 / burstNanos,
                delays.get(delays.size() / 2), delays.get((int) Math.ceil(delays.size() * 0.99) - 1),
                delays.get(delays.size() - 1));
    }
}
