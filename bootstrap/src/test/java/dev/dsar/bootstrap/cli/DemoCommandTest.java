package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
