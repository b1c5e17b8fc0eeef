package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.DsarService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a started service until SIGINT or SIGTERM (or until the command's own work ends), then stops it cleanly:
 * no more requests, exports abandoned to their leases, the last download receipts written, the pool closed. A
 * signal starts the JVM's shutdown; its hook asks the command to stop, waits until the service has stopped and
 * ends the JVM with the command's own exit code, so that a clean stop is a success rather than 128 + signal.
 */
final class UntilStopped {

    /** What a command does while its service runs; returns its exit code. */
    @FunctionalInterface
    interface Work {
        /** {@code stopRequested} opens on SIGINT or SIGTERM; the service is stopped once this returns or throws. */
        int run(CountDownLatch stopRequested) throws InterruptedException;
    }

    private UntilStopped() {
    }

    static int run(DsarCli cli, DsarService service, Work work) throws InterruptedException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(DsarCli.FAILED);
        Thread stopHook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            cli.out().flush();
            cli.err().flush();
            Runtime.getRuntime().halt(exitCode.get());
        }, "dsar-stop");
        Runtime.getRuntime().addShutdownHook(stopHook);
        try {
            exitCode.set(work.run(stopRequested));
            return exitCode.get();
        } finally {
            try {
                try {
                    service.stop();
                } finally {
                    // Before the stop hook ends the JVM: the embedded database, if any, stops after the service.
                    cli.releaseEmbeddedDatabase();
                }
            } catch (RuntimeException failedToStop) {
                exitCode.set(DsarCli.FAILED);
                throw failedToStop;
            } finally {
                if (stopRequested.getCount() > 0) {
                    removeHook(stopHook);
                }
                stopped.countDown();
            }
        }
    }

    /** Ended on its own (done, or a fault): the JVM exits as after any other command. */
    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // a signal came meanwhile: the hook ends the JVM with the exit code set above
        }
    }
}
