package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class DemoDatabaseTest {

    @Test
    void theLocalhostProbeSeesAListeningServerAndNothingOnAClosedPort() throws Exception {
        int closedPort;
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(DemoDatabase.answers("127.0.0.1:" + listening.getLocalPort())).isTrue();
            closedPort = listening.getLocalPort();
        }
        assertThat(DemoDatabase.answers("127.0.0.1:" + closedPort)).isFalse();
    }
}
