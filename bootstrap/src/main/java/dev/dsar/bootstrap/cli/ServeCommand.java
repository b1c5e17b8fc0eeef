package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.DsarService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Override
    public Integer call() throws InterruptedException {
        DsarService service = DsarService.start(cli.config(), cli.clock());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.stop();
            } catch (Exception slowStop) {
                // the JVM is exiting anyway
            } finally {
                stopped.countDown();
            }
        }, "dsar-shutdown"));
        stopped.await();
        return DsarCli.OK;
    }
}
