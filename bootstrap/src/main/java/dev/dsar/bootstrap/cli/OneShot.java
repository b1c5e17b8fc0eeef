package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.Components;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;

/** A command that assembles the service, runs one operation to completion and shuts everything down. */
final class OneShot {

    private OneShot() {
    }

    static <T> T run(DsarCli cli, Function<Components, Future<T>> operation) {
        Vertx vertx = Components.newVertx();
        try {
            Components components = Components.create(vertx, cli.config(), cli.clock());
            try {
                return operation.apply(components).await();
            } finally {
                components.close().await();
            }
        } finally {
            vertx.close().await();
        }
    }
}
