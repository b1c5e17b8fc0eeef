package dev.dsar.adapters.http;

/** RFC 9110's entity-tag comparisons for conditional downloads; the entity tag is the file's SHA-256. */
final class EntityTags {

    private EntityTags() {
    }

    /**
     * Whether {@code If-None-Match} names the file: {@code *}, or a list holding its entity tag under the weak
     * comparison (RFC 9110 §8.8.3.2: {@code W/} ignored on either side).
     */
    static boolean noneMatchFails(String header, String sha256) {
        if (header == null) {
            return false;
        }
        for (String tag : header.split(",")) {
            String candidate = tag.trim();
            if (candidate.equals("*")) {
                return true;
            }
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.length() == sha256.length() + 2 && candidate.startsWith("\"") && candidate.endsWith("\"")
                    && candidate.regionMatches(1, sha256, 0, sha256.length())) {
                return true;
            }
        }
        return false;
    }
}
