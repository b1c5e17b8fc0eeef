package dev.dsar.application.port.out.violations;

/** Breaks the driven-port rule on purpose (test sources only): an out-port that speaks a use case's type. */
public interface PortReturningACommand {
    dev.dsar.application.port.in.RunCleanupCommand lastCommand();
}
