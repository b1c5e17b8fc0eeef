package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.DsarService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP API, the export worker and the periodic cleanup (the default command).")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    private DsarCli cli;

    ServeCommand() {
    }

    ServeCommand(DsarCli cli) {
        this.cli = cli;
    }

    /** Serves until SIGINT or SIGTERM, which stop the service cleanly (exit 0), as for {@code demo}. */
    @Override
    public Integer call() throws InterruptedException {
        DsarService service = DsarService.start(cli.config(), cli.clock());
        return UntilStopped.run(cli, service, stopRequested -> {
            stopRequested.await();
            cli.err().println("dsar: stopping");
            return DsarCli.OK;
        });
    }
}
