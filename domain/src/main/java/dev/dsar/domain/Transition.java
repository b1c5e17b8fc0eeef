package dev.dsar.domain;

/** The outcome of asking a request to change: it moved, or the move was refused and why. */
public sealed interface Transition {

    record Moved(DsarRequest request) implements Transition {
    }

    record Refused(DsarStatus from, String action, String reason) implements Transition {
        @Override
        public String toString() {
            return "cannot " + action + " a request that is " + from.code() + ": " + reason;
        }
    }

    default boolean moved() {
        return this instanceof Moved;
    }

    /** The moved request; only for callers that have just checked {@link #moved()}. */
    default DsarRequest request() {
        if (this instanceof Moved moved) {
            return moved.request();
        }
        throw new IllegalStateException(this.toString());
    }
}
