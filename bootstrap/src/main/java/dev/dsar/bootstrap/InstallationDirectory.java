package dev.dsar.bootstrap;

import java.nio.file.Path;

/**
 * The folder that holds {@code bin/}: bin/dsar names it in the system property {@value #PROPERTY}. A JVM started
 * some other way (tests, {@code java -jar}) uses its current directory.
 */
public final class InstallationDirectory {

    public static final String PROPERTY = "dsar.installation.dir";

    private InstallationDirectory() {
    }

    public static Path current() {
        String named = System.getProperty(PROPERTY);
        Path directory = named == null || named.isBlank() ? Path.of("") : Path.of(named);
        return directory.toAbsolutePath().normalize();
    }
}
