package dev.dsar.bootstrap.cli;

import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.bootstrap.DsarConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a JWT signed with DSAR_JWT_SECRET, for local testing (the token alone, on one line).")
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    private DsarCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private UserIdOption user;

    @Option(names = "--admin", description = "Add the dsar-admin role.")
    private boolean admin;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "PT1H",
            description = "Validity, ISO-8601 (default ${DEFAULT-VALUE}).")
    private String ttl;

    @Override
    public Integer call() {
        Duration validity = validity();
        DsarConfig config = cli.config();
        JwtSettings settings = new JwtSettings(config.requireJwtSecret(), config.jwtIssuer(), config.jwtAudience());
        Vertx vertx = Vertx.vertx();
        try {
            cli.out().println(new JwtTokens(vertx, settings).mint(user.userId(), admin, validity, cli.clock().instant()));
        } finally {
            vertx.close().await();
        }
        return DsarCli.OK;
    }

    private Duration validity() {
        try {
            Duration validity = Duration.parse(ttl);
            if (!validity.isNegative() && !validity.isZero()) {
                return validity;
            }
        } catch (DateTimeParseException notADuration) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--ttl must be a positive ISO-8601 duration such as PT1H, got '" + ttl + "'");
    }
}
