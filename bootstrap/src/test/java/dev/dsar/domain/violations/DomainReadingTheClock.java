package dev.dsar.domain.violations;

/** Breaks the domain rule on purpose (test sources only): a domain class reaching for Vert.x. */
public final class DomainReadingTheClock {
    public Object now() {
        return io.vertx.core.json.JsonObject.of("now", System.currentTimeMillis());
    }
}
