package dev.dsar.bootstrap;

/** A setting is missing or malformed; the message names the variable (and never echoes a secret). */
public final class ConfigurationException extends RuntimeException {

    private final String variable;

    public ConfigurationException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
