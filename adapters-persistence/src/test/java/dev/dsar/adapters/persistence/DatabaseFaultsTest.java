package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DatabaseFaultsTest {

    @Test
    void connectionFailuresAndTheServersOwnUnavailabilityStatesMeanAnOutage() {
        assertThat(DatabaseFaults.unavailability(new ConnectException("Connection refused"))).contains("connection refused");
        assertThat(DatabaseFaults.unavailability(new java.io.IOException("Connection reset by peer")))
                .contains("connection lost (IOException)");
        assertThat(DatabaseFaults.unavailability(ClosedConnectionException.INSTANCE)).isPresent();
        assertThat(DatabaseFaults.unavailability(new TimeoutException())).isPresent();
        assertThat(DatabaseFaults.unavailability(new VertxException("Timeout waiting for connection"))).isPresent();
        assertThat(DatabaseFaults.unavailability(new IllegalStateException("wrapped", new ConnectException("refused"))))
                .isPresent();
        for (String state : new String[] {"08006", "08001", "57P01", "57P02", "57P03", "53300"}) {
            assertThat(DatabaseFaults.unavailability(pg(state))).contains("SQLSTATE " + state);
        }
    }

    @Test
    void errorsOfTheStatementItselfAreNotAnOutageAndProveTheServerAnswered() {
        for (String state : new String[] {"23505", "42P01", "40001", "28P01", "57014"}) {
            assertThat(DatabaseFaults.unavailability(pg(state))).isEmpty();
            assertThat(DatabaseFaults.serverAnswered(pg(state))).isTrue();
        }
        assertThat(DatabaseFaults.unavailability(new IllegalArgumentException("bad mapping"))).isEmpty();
        assertThat(DatabaseFaults.serverAnswered(new IllegalArgumentException("bad mapping"))).isFalse();
        assertThat(DatabaseFaults.serverAnswered(pg("57P01"))).isFalse();
    }

    private static PgException pg(String state) {
        return new PgException("message", "ERROR", state, null);
    }
}
