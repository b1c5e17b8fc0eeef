package dev.dsar.adapters.http.violations;

/** Breaks the bootstrap rule on purpose (test sources only): an adapter reading the wiring's configuration. */
public final class HttpAdapterUsingBootstrap {
    public int port(dev.dsar.bootstrap.DsarConfig config) {
        return config.httpPort();
    }
}
