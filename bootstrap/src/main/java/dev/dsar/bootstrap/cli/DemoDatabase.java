package dev.dsar.bootstrap.cli;

import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.InstallationDirectory;
import dev.dsar.bootstrap.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The database of {@code bin/dsar demo}: the one DSAR_DATABASE_URL names; with it unset, PostgreSQL on
 * localhost:5432 when something answers there, else the embedded database. The demo says which in one line.
 */
final class DemoDatabase {

    /** Where the default database would be; a system property moves it (tests: a port where nothing answers). */
    static final String PROBE_PROPERTY = "dsar.demo.localPostgres";
    private static final int PROBE_TIMEOUT_MS = 1_000;

    private final DsarCli cli;
    private final boolean embedded;

    private DemoDatabase(DsarCli cli, boolean embedded) {
        this.cli = cli;
        this.embedded = embedded;
    }

    /** Chooses, tells the command line to start the embedded database if it is the one, and prints the line. */
    static DemoDatabase choose(DsarCli cli) {
        String url = cli.env().get("DSAR_DATABASE_URL");
        Path embeddedData = EmbeddedDatabase.directoryOf(InstallationDirectory.get());
        String line;
        boolean embedded = false;
        if (EmbeddedDatabase.requested(url)) {
            embedded = true;
            line = "the embedded PostgreSQL (DSAR_DATABASE_URL=embedded), data in " + embeddedData;
        } else if (url != null && !url.isBlank()) {
            line = cli.config().database().describe() + " (DSAR_DATABASE_URL)";
        } else {
            String probe = System.getProperty(PROBE_PROPERTY, "localhost:5432");
            if (answers(probe)) {
                line = "PostgreSQL on " + probe + " (DSAR_DATABASE_URL is unset)";
            } else {
                embedded = true;
                cli.useEmbeddedDatabase();
                line = "nothing answers on " + probe + ", so the embedded PostgreSQL, data in " + embeddedData;
            }
        }
        cli.out().println("DSAR demo: database: " + line + ".");
        cli.out().flush();
        return new DemoDatabase(cli, embedded);
    }

    /** Whether something accepts a TCP connection at {@code host:port}. */
    static boolean answers(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostAndPort.substring(0, colon),
                    Integer.parseInt(hostAndPort.substring(colon + 1))), PROBE_TIMEOUT_MS);
            return true;
        } catch (IOException | RuntimeException nothing) {
            return false;
        }
    }

    /**
     * {@code bin/dsar stats} as it reaches this demo's database and files from any directory; empty when the
     * database is one the demo cannot name without its password.
     */
    Optional<String> commandLine(DsarConfig config) {
        Path binDsar = InstallationDirectory.get().resolve("bin").resolve("dsar");
        String url = cli.env().get("DSAR_DATABASE_URL");
        boolean defaultDatabase = url == null || url.isBlank();
        if (!Files.isExecutable(binDsar) || !(embedded || defaultDatabase)) {
            return Optional.empty();
        }
        return Optional.of((embedded ? "DSAR_DATABASE_URL=" + EmbeddedDatabase.SETTING + " " : "")
                + "EXPORT_STORAGE_PATH=" + quoted(config.exportStoragePath().toAbsolutePath().normalize().toString())
                + " " + quoted(binDsar.toString()) + " stats");
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
