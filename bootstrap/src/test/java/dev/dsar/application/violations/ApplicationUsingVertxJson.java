package dev.dsar.application.violations;

/** Breaks the application rule on purpose (test sources only): a Vert.x type other than Future. */
public final class ApplicationUsingVertxJson {
    public io.vertx.core.json.JsonObject render() {
        return new io.vertx.core.json.JsonObject();
    }
}
