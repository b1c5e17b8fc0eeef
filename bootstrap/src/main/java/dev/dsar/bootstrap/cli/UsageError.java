package dev.dsar.bootstrap.cli;

/**
 * A bad value found by an option's converter, shown to the operator in its own words: picocli would otherwise
 * wrap it in "Invalid value for option …: cannot convert …", which is neither what the commands said before nor
 * useful.
 */
final class UsageError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message, null, false, false);
    }
}
