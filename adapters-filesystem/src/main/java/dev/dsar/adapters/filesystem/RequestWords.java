package dev.dsar.adapters.filesystem;

/**
 * Who asked for an export, in words, from the request's actor code: {@code subject:42} is the person, {@code
 * admin:7} an administrator and {@code operator:cli} an operator acting on the person's behalf.
 */
final class RequestWords {

    private RequestWords() {
    }

    /** "You asked for a copy of your data", or who asked for it on your behalf, without a full stop. */
    static String asked(String requestedBy) {
        int colon = requestedBy.indexOf(':');
        String kind = colon < 0 ? requestedBy : requestedBy.substring(0, colon);
        return switch (kind) {
            case "subject" -> "You asked for a copy of your data";
            case "admin" -> "An administrator of the service asked for a copy of your data on your behalf";
            case "operator" -> "An operator of the service asked for a copy of your data on your behalf";
            default -> "The service was asked for a copy of your data on your behalf";
        };
    }
}
