package dev.dsar.adapters.http;

import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content of small export files, kept in memory once downloaded: for a file of a few kilobytes, opening,
 * sending and closing it costs more than the bytes themselves (see docs/performance.md). Large files are always
 * sent zero-copy from disk.
 *
 * <p>Correctness: content is loaded from the file and kept only if its size and SHA-256 are the ones recorded
 * for the export, so memory never serves other bytes than the file's. Expiry is decided before this is asked,
 * on every request. The file's existence is checked on every request too (one {@code stat}, cheaper than the
 * open, send and close it replaces): a file deleted behind the service's back, by another instance or by hand,
 * is never served from memory; the entry is dropped and the download goes the way of a vanished file.
 */
final class SmallExportFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SmallExportFiles.class);

    /** Files up to this size are kept in memory. */
    static final long MAX_FILE_BYTES = 256 * 1024;
    /** All kept files together stay under this. */
    static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;

    private final Vertx vertx;
    private final Map<ReferenceId, Entry> entries = new ConcurrentHashMap<>();
    private final Map<ReferenceId, Boolean> loading = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();

    private record Entry(String sha256, Path file, Buffer content) {
    }

    SmallExportFiles(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The file's content if it is held and the file is still there; null otherwise. */
    Buffer lookup(DownloadDecision.Ready ready) {
        if (ready.bytes() > MAX_FILE_BYTES) {
            return null;
        }
        Entry entry = entries.get(ready.reference());
        if (entry == null || !entry.sha256().equals(ready.sha256()) || !entry.file().equals(ready.file())) {
            return null;
        }
        // One stat on the event loop, where the disk path would open the file.
        if (!Files.isRegularFile(entry.file(), LinkOption.NOFOLLOW_LINKS)) {
            forget(ready.reference(), entry);
            return null;
        }
        return entry.content();
    }

    /** After a download from disk: reads a small file into memory on a worker thread, once. */
    void keep(DownloadDecision.Ready ready) {
        if (ready.bytes() > MAX_FILE_BYTES || entries.containsKey(ready.reference())
                || loading.putIfAbsent(ready.reference(), Boolean.TRUE) != null) {
            return;
        }
        vertx.executeBlocking(() -> read(ready), false).onComplete((content, failure) -> {
            loading.remove(ready.reference());
            if (failure != null) {
                LOG.debug("export {} not kept in memory: {}", ready.reference(), failure.getMessage());
            } else if (content != null) {
                makeRoomFor(content.length());
                Entry previous = entries.put(ready.reference(), new Entry(ready.sha256(), ready.file(), content));
                totalBytes.addAndGet(content.length() - (previous == null ? 0 : previous.content().length()));
            }
        });
    }

    /** The file's bytes if they are exactly the export's (size and checksum), else null. */
    private static Buffer read(DownloadDecision.Ready ready) throws Exception {
        byte[] bytes = Files.readAllBytes(ready.file());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        if (bytes.length != ready.bytes() || !sha.equals(ready.sha256())) {
            LOG.error("export {}: file content differs from what was recorded; not served from memory", ready.reference());
            return null;
        }
        return Buffer.buffer(bytes);
    }

    private void makeRoomFor(long bytes) {
        Iterator<Map.Entry<ReferenceId, Entry>> oldest = entries.entrySet().iterator();
        while (totalBytes.get() + bytes > MAX_TOTAL_BYTES && oldest.hasNext()) {
            Map.Entry<ReferenceId, Entry> evicted = oldest.next();
            forget(evicted.getKey(), evicted.getValue());
        }
    }

    private void forget(ReferenceId reference, Entry entry) {
        if (entries.remove(reference, entry)) {
            totalBytes.addAndGet(-entry.content().length());
        }
    }

    /** Drops what is held for an export (its file vanished, or it expired). */
    void forget(ReferenceId reference) {
        Entry entry = entries.get(reference);
        if (entry != null) {
            forget(reference, entry);
        }
    }
}
