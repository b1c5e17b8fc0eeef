package dev.dsar.adapters.http.violations;

/** Breaks the SQL rule on purpose (test sources only): SQL in the HTTP adapter. */
public final class HttpAdapterRunningSql {
    public Object query(io.vertx.sqlclient.Pool pool) {
        return pool.query("SELECT 1");
    }
}
