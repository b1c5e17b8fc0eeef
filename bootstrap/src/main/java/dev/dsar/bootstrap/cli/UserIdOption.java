package dev.dsar.bootstrap.cli;

import dev.dsar.domain.UserId;
import picocli.CommandLine.Option;

/**
 * {@code --user-id N}, required and positive, for every command acting for one user. Each command describes it in
 * its own words: {@code dsar.<command>.user-id} in {@code DsarCli.properties}.
 */
final class UserIdOption {

    @Option(names = "--user-id", required = true, paramLabel = "N", converter = UserIdConverter.class,
            descriptionKey = "user-id")
    private UserId userId;

    UserId userId() {
        return userId;
    }
}
