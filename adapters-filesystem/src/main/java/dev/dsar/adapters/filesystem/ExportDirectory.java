package dev.dsar.adapters.filesystem;

import dev.dsar.domain.ExportFileName;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export directory: the only place export files are written, read or deleted. Every path this adapter
 * touches is this root plus a recognised export file name; a path that comes from anywhere else (a database
 * row) is accepted only if it is exactly that.
 */
public final class ExportDirectory {

    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private static final Logger LOG = LoggerFactory.getLogger(ExportDirectory.class);

    private final Path root;

    private ExportDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates the directory (mode 0750) if it is missing and resolves it once to its real path, so that later
     * comparisons are between canonical paths. Blocking: call at start-up.
     */
    public static ExportDirectory open(Path configured) throws IOException {
        Path absolute = configured.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            Files.createDirectories(absolute.getParent());
            try {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
                // The umask may have narrowed or widened the mode given at creation.
                Files.setPosixFilePermissions(absolute, DIRECTORY_MODE);
            } catch (FileAlreadyExistsException createdMeanwhile) {
                // another instance created it first
            }
        }
        Path real = absolute.toRealPath();
        if (!Files.isDirectory(real) || !Files.isWritable(real)) {
            throw new IOException("export directory " + real + " is not a writable directory");
        }
        warnIfOpenToOthers(real);
        return new ExportDirectory(real);
    }

    /** An existing directory keeps the mode its operator gave it, but access for everyone is worth a warning. */
    private static void warnIfOpenToOthers(Path directory) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory);
        if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.OTHERS_EXECUTE)
                || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            LOG.warn("export directory {} is open to other users (mode {}); 0750 is recommended",
                    directory, PosixFilePermissions.toString(mode));
        }
    }

    public Path root() {
        return root;
    }

    /** Where an export of this name lies. The name is generated, so the path is inside the root by construction. */
    public Path pathOf(ExportFileName name) {
        return root.resolve(name.fileName());
    }

    /**
     * The file a stored path designates, if and only if it is an absolute, normalised path whose parent is the
     * root and whose name is a final export file name. Otherwise the reason it is refused.
     */
    public Resolution resolveStored(String storedPath) {
        return resolveStored(storedPath, false);
    }

    /**
     * As {@link #resolveStored(String)}, but a partial export name ({@code .zip.part}) is accepted too: a failed
     * export may name its unfinished file, which cleanup deletes but nothing ever serves.
     */
    public Resolution resolveStoredForDeletion(String storedPath) {
        return resolveStored(storedPath, true);
    }

    private Resolution resolveStored(String storedPath, boolean temporaryAllowed) {
        if (storedPath == null || storedPath.isBlank()) {
            return Resolution.refused("no path stored");
        }
        Path path;
        try {
            path = Path.of(storedPath);
        } catch (InvalidPathException invalid) {
            return Resolution.refused("stored path is not a valid path");
        }
        if (!path.isAbsolute() || !path.normalize().equals(path)) {
            return Resolution.refused("stored path is not absolute and normalised");
        }
        if (!root.equals(path.getParent())) {
            return Resolution.refused("stored path is outside the export directory " + root);
        }
        String fileName = path.getFileName().toString();
        Optional<ExportFileName> name = ExportFileName.recognise(fileName);
        if (name.isEmpty() || (name.get().temporary() && !temporaryAllowed)) {
            return Resolution.refused("stored path does not name an export file");
        }
        return new Resolution(Optional.of(root.resolve(fileName)), null);
    }

    /** True for a regular file that is not a symbolic link (links are never followed). */
    static boolean isRegularFile(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    public record Resolution(Optional<Path> file, String refusal) {
        static Resolution refused(String reason) {
            return new Resolution(Optional.empty(), reason);
        }
    }
}
