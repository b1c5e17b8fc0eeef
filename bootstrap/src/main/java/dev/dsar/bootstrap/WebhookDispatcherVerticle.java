package dev.dsar.bootstrap;

import dev.dsar.application.port.in.DispatchWebhooksUseCase;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications in {@code serve}: every {@link #POLL} the outbox's due events are claimed and sent (a full batch
 * is followed at once by the next one), and every {@link #NOTICES} the reminders and overdue notices are looked
 * for. Everything it does is non-blocking (the web client, the database client), on an event loop. Stopping
 * cancels the timers and waits for the batch in flight; an event whose attempt is cut short is taken over when
 * its lease runs out, with the same {@code webhook-id}.
 */
public final class WebhookDispatcherVerticle extends VerticleBase {

    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration NOTICES = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcherVerticle.class);

    private final DispatchWebhooksUseCase dispatch;
    private final int batch;
    private long pollTimer = -1;
    private long noticeTimer = -1;
    /** Only touched on this verticle's context. */
    private Future<?> inFlight = Future.succeededFuture();
    private Future<?> noticesInFlight = Future.succeededFuture();
    private boolean lastFailed;

    public WebhookDispatcherVerticle(DispatchWebhooksUseCase dispatch, int batch) {
        this.dispatch = dispatch;
        this.batch = batch;
    }

    @Override
    public Future<?> start() {
        pollTimer = vertx.setPeriodic(POLL.toMillis(), id -> tick());
        noticeTimer = vertx.setPeriodic(POLL.toMillis(), NOTICES.toMillis(), id -> scheduleNotices());
        LOG.info("webhook dispatcher started (outbox polled every {}, reminders looked for every {})", POLL, NOTICES);
        return Future.succeededFuture();
    }

    void tick() {
        if (!inFlight.isComplete()) {
            return;
        }
        inFlight = dispatch.dispatchDue().onComplete(done -> {
            if (done.failed()) {
                if (!lastFailed) {
                    LOG.warn("webhook dispatch failed, retrying every {}: {}", POLL,
                            String.valueOf(done.cause().getMessage()).replaceAll("\\s+", " "));
                }
                lastFailed = true;
            } else {
                lastFailed = false;
                if (done.result() >= batch) {
                    context.runOnContext(again -> tick());
                }
            }
        });
    }

    private void scheduleNotices() {
        if (!noticesInFlight.isComplete()) {
            return;
        }
        noticesInFlight = dispatch.scheduleNotices()
                .onSuccess(written -> {
                    if (written > 0) {
                        LOG.info("{} webhook notices written (export.expiring, request.overdue)", written);
                    }
                })
                .onFailure(fault -> LOG.warn("looking for webhook notices failed: {}",
                        String.valueOf(fault.getMessage()).replaceAll("\\s+", " ")));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(noticeTimer);
        return Future.join(inFlight, noticesInFlight).otherwiseEmpty();
    }
}
