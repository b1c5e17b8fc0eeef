package dev.dsar.adapters.persistence.testing;

import dev.dsar.adapters.persistence.PostgresLocation;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** A disposable PostgreSQL 15 in Docker, shared by all test classes of the JVM, when Docker works. */
final class TestcontainersPostgres {

    private TestcontainersPostgres() {
    }

    static PostgresLocation startIfDockerWorks() {
        if (Boolean.getBoolean("dsar.test.skipTestcontainers") || !dockerWorks()) {
            return null;
        }
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return PostgresLocation.parse("postgresql://" + container.getUsername() + ":" + container.getPassword()
                + "@" + container.getHost() + ":" + container.getMappedPort(5432) + "/postgres");
    }

    private static boolean dockerWorks() {
        // Without a socket or DOCKER_HOST there is nothing to find; spare the slow and noisy probe.
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }
}
