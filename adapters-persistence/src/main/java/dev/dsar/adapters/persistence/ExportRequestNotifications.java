package dev.dsar.adapters.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the export worker when a request is inserted on any instance, or by the command line: a dedicated
 * connection LISTENs on {@link DsarRequestPostgresAdapter#EXPORT_REQUESTED_CHANNEL}. Notifications sent while
 * the connection is down are lost, so the listener is also called after every (re)connection; the worker's
 * polling remains the fallback.
 */
public final class ExportRequestNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(ExportRequestNotifications.class);
    static final long RECONNECT_DELAY_MS = 5_000;

    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private volatile boolean closed;
    private long retryTimer = -1;

    public ExportRequestNotifications(Vertx vertx, PostgresLocation database) {
        this.vertx = vertx;
        this.subscriber = PgSubscriber.subscriber(vertx, database.connectOptions()
                .addProperty("application_name", "dsar-export-listener"));
        subscriber.reconnectPolicy(retries -> RECONNECT_DELAY_MS);
    }

    /** Calls {@code onRequested} for every notification and after every (re)connection. */
    public Future<Void> start(Runnable onRequested) {
        subscriber.channel(DsarRequestPostgresAdapter.EXPORT_REQUESTED_CHANNEL)
                .subscribeHandler(subscribed -> {
                    quietOnFailure();
                    onRequested.run();
                })
                .handler(reference -> onRequested.run());
        return connect();
    }

    /**
     * The listening connection's own failure (the server shutting down, a dropped socket) ends in a reconnection
     * by the subscriber; without a handler Vert.x would print it to stderr as an unhandled exception.
     */
    private void quietOnFailure() {
        PgConnection connection = subscriber.actualConnection();
        if (connection != null) {
            connection.exceptionHandler(failure -> LOG.debug("listening connection failed ({}); reconnecting",
                    failure.getClass().getSimpleName()));
        }
    }

    private Future<Void> connect() {
        return subscriber.connect().recover(failure -> {
            // The first connection is not retried by the subscriber itself.
            if (!closed) {
                LOG.warn("cannot listen for new export requests ({}); polling until the database answers",
                        failure.getClass().getSimpleName());
                retryTimer = vertx.setTimer(RECONNECT_DELAY_MS, timer -> connect());
            }
            return Future.succeededFuture();
        });
    }

    public Future<Void> close() {
        closed = true;
        vertx.cancelTimer(retryTimer);
        return subscriber.close();
    }
}
