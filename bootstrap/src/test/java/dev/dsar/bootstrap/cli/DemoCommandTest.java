package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoCommandTest {

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, localhost",
            "::, localhost",
            "127.0.0.1, 127.0.0.1",
            "dsar.internal, dsar.internal",
            "::1, [::1]"})
    void printedCommandsReachTheServerFromThisMachine(String listen, String client) {
        assertThat(DemoCommand.clientHost(listen)).isEqualTo(client);
    }

    @Test
    void theLocalhostProbeSeesAListeningServerAndNothingOnAClosedPort() throws Exception {
        int closedPort;
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(DemoCommand.answers("127.0.0.1:" + listening.getLocalPort())).isTrue();
            closedPort = listening.getLocalPort();
        }
        assertThat(DemoCommand.answers("127.0.0.1:" + closedPort)).isFalse();
    }
}
