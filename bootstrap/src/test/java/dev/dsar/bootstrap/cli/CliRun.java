package dev.dsar.bootstrap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** One in-process run of {@code bin/dsar}: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> env, Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DsarCli.run(args, new HashMap<>(env), new PrintWriter(out), new PrintWriter(err), clock);
        return new CliRun(code, out.toString(), err.toString());
    }

    io.vertx.core.json.JsonObject json() {
        return new io.vertx.core.json.JsonObject(out.trim());
    }
}
