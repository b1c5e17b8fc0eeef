package dev.dsar.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the shared options answer to bad values: the same words and exit code on every command that has them. */
class CliOptionsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, String> ENV = Map.of("DSAR_JWT_SECRET", "x".repeat(40));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "request|0|dsar: --user-id must be a positive integer (see: bin/dsar --help)",
            "request|-5|dsar: --user-id must be a positive integer (see: bin/dsar --help)",
            "request|abc|dsar: Invalid value for option '--user-id': 'abc' is not a long (see: bin/dsar --help)",
            "token|0|dsar: --user-id must be a positive integer (see: bin/dsar --help)",
            "token|abc|dsar: Invalid value for option '--user-id': 'abc' is not a long (see: bin/dsar --help)",
    })
    void aBadUserIdIsAUsageErrorInTheSameWordsOnEveryCommand(String command, String userId, String error) {
        CliRun run = CliRun.run(ENV, CLOCK, command, "--user-id", userId);

        assertThat(run.exitCode()).isEqualTo(DsarCli.USAGE);
        assertThat(run.err().strip()).isEqualTo(error);
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "request|Usage: dsar request [-hV] [--reference=REF] --user-id=N|      --user-id=N       The data subject's user id.",
            "token|Usage: dsar token [-hV] [--admin] [--ttl=DURATION] --user-id=N|      --user-id=N      The user id (sub claim).",
    })
    void theUserIdOptionIsShownInEachCommandsOwnWords(String command, String synopsis, String option) {
        CliRun run = CliRun.run(ENV, CLOCK, command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().map(String::strip)).startsWith(synopsis).contains(option);
    }
}
