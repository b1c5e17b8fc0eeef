package dev.dsar.adapters.filesystem;

import dev.dsar.domain.ExportFileName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A package in the export directory: written under its temporary name, then synced, renamed atomically to its
 * final name (owner-only) and the directory synced, so that the rename is durable.
 */
final class DirectorySink implements PackageSink {

    private final Path directory;
    private final Path temporary;
    private final Path target;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean finished;

    DirectorySink(Path directory, ExportFileName name, FileChannel channel) {
        this.directory = directory;
        this.temporary = directory.resolve(name.asTemporary().fileName());
        this.target = directory.resolve(name.asFinal().fileName());
        this.channel = channel;
        this.stream = Channels.newOutputStream(channel);
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public String commit(long bytes, String sha256) throws IOException {
        channel.force(true);
        channel.close();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.getFileName().toString());
        }
        Files.setPosixFilePermissions(temporary, ExportDirectory.FILE_MODE);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
        try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
            directoryChannel.force(true);
        }
        return target.toString();
    }

    @Override
    public void discard() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting is what matters
        }
        try {
            Files.deleteIfExists(finished ? target : temporary);
        } catch (IOException ignored) {
            // a leftover .part file is an orphan that cleanup removes
        }
    }
}
