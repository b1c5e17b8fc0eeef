package dev.dsar.application.port.out.violations;

/** Breaks the port rule on purpose (test sources only): a port that is a class with state. */
public class PortWithState {
    private int calls;

    public int call() {
        return ++calls;
    }
}
