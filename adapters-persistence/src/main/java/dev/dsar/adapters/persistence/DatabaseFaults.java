package dev.dsar.adapters.persistence;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Which driver failures mean "the database cannot be reached now" rather than "this statement is wrong": the
 * line between a 503 and a 500. Unreachable: a refused, reset or closed connection, a connect or pool
 * acquisition timeout, a full wait queue, and the server's own SQLSTATEs for the same (class 08 connection
 * exception, 57P01–57P03 shutting down or starting up, 53300 too many connections).
 */
final class DatabaseFaults {

    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseFaults() {
    }

    /** The kind of outage in a few words (or a SQLSTATE; never a driver's message), if it is one. */
    static Optional<String> unavailability(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))
                        ? Optional.of("SQLSTATE " + state) : Optional.empty();
            }
            if (cause instanceof java.net.UnknownHostException) {
                return Optional.of("unknown host");
            }
            if (cause instanceof java.net.ConnectException) {
                // Netty's connect timeout is a ConnectException too.
                return Optional.of(cause.getClass().getSimpleName().contains("Timeout") ? "connect timed out"
                        : "connection refused");
            }
            if (cause instanceof ClosedConnectionException || cause instanceof java.nio.channels.ClosedChannelException) {
                return Optional.of("connection closed");
            }
            if (cause instanceof TimeoutException || isPoolTimeout(cause)) {
                return Optional.of("timed out waiting for a connection");
            }
            if (cause instanceof ConnectionPoolTooBusyException) {
                return Optional.of("too many requests waiting for a connection");
            }
            if (cause instanceof IOException) {
                return Optional.of("connection lost (" + cause.getClass().getSimpleName() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * A connection failure in one line for an operator: the SQLSTATE, with the server's message for the classes
     * that are about the connection itself (28 authorization, 3D unknown database), which name a user or a
     * database but no value and no password.
     */
    static String describe(Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            boolean aboutTheConnection = state.startsWith("28") || state.startsWith("3D");
            return "SQLSTATE " + state + (aboutTheConnection && pg.getErrorMessage() != null
                    ? ": " + pg.getErrorMessage() : "");
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** The server answered, so it is reachable, even if the statement failed. */
    static boolean serverAnswered(Throwable failure) {
        return failure instanceof PgException && unavailability(failure).isEmpty();
    }

    // The pool fails a request that waited longer than its connection timeout with a plain VertxException.
    private static boolean isPoolTimeout(Throwable cause) {
        return cause instanceof io.vertx.core.VertxException && cause.getMessage() != null
                && cause.getMessage().startsWith("Timeout waiting for connection");
    }
}
