package dev.dsar.bootstrap;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * The folder that holds {@code bin/dsar}: relative settings are resolved against it, never against the current
 * directory, so that {@code bin/dsar stats} run from another folder sees the same export directory as
 * {@code serve}. {@code bin/dsar} names it in the system property {@value #PROPERTY}; without it (the jar run
 * by hand, or the tests' classes) it is the nearest folder above the code that holds {@code bin/dsar}, else the
 * folder of the jar.
 */
public final class InstallationDirectory {

    public static final String PROPERTY = "dsar.home";

    private static volatile Path located;

    private InstallationDirectory() {
    }

    /** Absolute and normalised. */
    public static Path get() {
        Path home = located;
        if (home == null) {
            home = locate(Optional.ofNullable(System.getProperty(PROPERTY)).filter(value -> !value.isBlank()),
                    codeLocation());
            located = home;
        }
        return home;
    }

    /** {@code path} itself when absolute, else resolved against the installation directory. */
    public static Path resolve(Path path) {
        return path.isAbsolute() ? path.normalize() : get().resolve(path).normalize();
    }

    static Path locate(Optional<String> property, Optional<Path> code) {
        if (property.isPresent()) {
            return Path.of(property.get()).toAbsolutePath().normalize();
        }
        if (code.isPresent()) {
            Path start = code.get().toAbsolutePath().normalize();
            for (Path folder = start; folder != null; folder = folder.getParent()) {
                if (Files.isRegularFile(folder.resolve("bin").resolve("dsar"))) {
                    return folder;
                }
            }
            Path folder = Files.isDirectory(start) ? start : start.getParent();
            if (folder != null) {
                return folder;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private static Optional<Path> codeLocation() {
        try {
            CodeSource source = InstallationDirectory.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
