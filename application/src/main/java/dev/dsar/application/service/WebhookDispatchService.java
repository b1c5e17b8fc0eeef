package dev.dsar.application.service;

import dev.dsar.application.port.in.DispatchWebhooksUseCase;
import dev.dsar.application.port.out.ClaimWebhookEventsPort;
import dev.dsar.application.port.out.RecordWebhookDeliveryPort;
import dev.dsar.application.port.out.ScheduleWebhookNoticesPort;
import dev.dsar.application.port.out.WebhookDeliveryPort;
import dev.dsar.application.port.out.WebhookMetricsPort;
import dev.dsar.domain.WebhookEvent;
import dev.dsar.domain.WebhookRetryPolicy;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Delivers the outbox: claims a batch of due events under a lease, sends them all at once (each to the endpoints
 * that have not acknowledged it), and records each outcome: delivered, retried later (growing, jittered waits),
 * or dead once the retry horizon has passed. An outcome is written only while the lease is still held.
 */
public final class WebhookDispatchService implements DispatchWebhooksUseCase {

    public record Ports(ClaimWebhookEventsPort claims, RecordWebhookDeliveryPort records,
                        ScheduleWebhookNoticesPort notices, WebhookPayloads payloads, WebhookDeliveryPort delivery,
                        WebhookMetricsPort metrics) {
    }

    /**
     * {@code lease}: how long a claimed event is held (longer than an attempt's timeout); {@code batch}: events in
     * flight at once per dispatcher; {@code lookback}: how far back overdue requests are looked for.
     */
    public record Settings(WebhookRetryPolicy retry, Duration lease, int batch, Duration remindBefore,
                           Duration responseDeadline, Duration lookback, String dispatcher) {
    }

    private final Ports ports;
    private final Settings settings;
    private final WebhookPayloads.Windows windows;
    private final Clock clock;
    private final DoubleSupplier jitter;

    public WebhookDispatchService(Ports ports, Settings settings, WebhookPayloads.Windows windows, Clock clock,
                                  DoubleSupplier jitter) {
        this.ports = ports;
        this.settings = settings;
        this.windows = windows;
        this.clock = clock;
        this.jitter = jitter;
    }

    @Override
    public Future<Integer> dispatchDue() {
        return ports.claims().claimDue(settings.dispatcher(), clock.instant(), settings.lease(), settings.batch())
                .compose(events -> {
                    List<Future<?>> deliveries = new ArrayList<>(events.size());
                    for (WebhookEvent event : events) {
                        deliveries.add(deliver(event));
                    }
                    Future<?> settled = Future.join(deliveries);
                    return settled.map(done -> events.size());
                });
    }

    private Future<Boolean> deliver(WebhookEvent event) {
        return ports.payloads().dataOf(event)
                .compose(data -> ports.delivery().send(event, data))
                .compose(result -> record(event, result));
    }

    private Future<Boolean> record(WebhookEvent event, WebhookDeliveryPort.Result result) {
        Instant now = clock.instant();
        Set<String> acknowledged = new HashSet<>(event.deliveredTo());
        acknowledged.addAll(result.acknowledged());
        if (acknowledged.containsAll(ports.delivery().endpoints())) {
            ports.metrics().delivered(Duration.between(event.occurredAt(), now));
            return ports.records().delivered(event, settings.dispatcher(), acknowledged, now);
        }
        RecordWebhookDeliveryPort.Attempt attempt = new RecordWebhookDeliveryPort.Attempt(acknowledged,
                result.httpStatus(), result.error());
        return settings.retry().nextAttempt(event.retryFrom(), event.attempts() + 1, now, jitter.getAsDouble())
                .map(next -> {
                    ports.metrics().retried();
                    return ports.records().retryAt(event, settings.dispatcher(), attempt, next);
                })
                .orElseGet(() -> {
                    ports.metrics().dead();
                    return ports.records().dead(event, settings.dispatcher(), attempt, now);
                });
    }

    @Override
    public Future<Integer> scheduleNotices() {
        Instant now = clock.instant();
        Duration retention = windows.retention().retention();
        Instant dueBy = now.minus(settings.responseDeadline());
        return ports.notices().scheduleNotices(new ScheduleWebhookNoticesPort.Notices(now,
                now.minus(retention), now.plus(settings.remindBefore()).minus(retention),
                dueBy.minus(settings.lookback()), dueBy));
    }
}
