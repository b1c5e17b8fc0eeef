package dev.dsar.adapters.http;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dsar.adapters.http.cache.ExpiringCaches;
import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.domain.ReferenceId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>Held in Caffeine, weighed by bytes: the least useful files are evicted first when the total would pass
 * the configured bound ({@link DownloadCaches}), and each is gone at its export's expiry. Concurrent downloads of one file share one
 * read; a read in flight is never waited for (lookups run on event loops): the file is sent from disk meanwhile.
 *
 * <p>A file is read into memory at its second download, not its first: most data subjects download their export
 * once or twice, and when thousands each fetch their own, reading every file a second time (and hashing it) only
 * to evict it again cost more than it saved (docs/performance.md, "Many exports"). The first downloads are
 * remembered by reference only, in a bounded set.
 */
final class SmallExportFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SmallExportFiles.class);

    /** Files up to this size are kept in memory. */
    static final long MAX_FILE_BYTES = 256 * 1024;

    /** First downloads remembered at most (references only, a few dozen bytes each). */
    static final int SEEN_ONCE = 100_000;

    private final Vertx vertx;
    private final AsyncCache<ReferenceId, Entry> entries;
    private final Cache<ReferenceId, Boolean> seenOnce = Caffeine.newBuilder().maximumSize(SEEN_ONCE).build();

    private record Entry(String sha256, Path file, Buffer content, Instant expiresAt) {
    }

    SmallExportFiles(Vertx vertx, Clock clock, MeterRegistry registry) {
        this(vertx, clock, registry, DownloadCaches.DEFAULT.fileBytes());
    }

    SmallExportFiles(Vertx vertx, Clock clock, MeterRegistry registry, long maxTotalBytes) {
        this.vertx = vertx;
        this.entries = ExpiringCaches.<ReferenceId, Entry>expiringAt(clock, Entry::expiresAt)
                .maximumWeight(maxTotalBytes)
                .weigher((ReferenceId reference, Entry entry) -> entry.content().length())
                .buildAsync();
        CaffeineCacheMetrics.monitor(registry, entries, "small_export_files");
    }

    /** The file's content if it is held and the file is still there; null otherwise. */
    Buffer lookup(DownloadDecision.Ready ready) {
        if (ready.bytes() > MAX_FILE_BYTES) {
            return null;
        }
        CompletableFuture<Entry> held = entries.getIfPresent(ready.reference());
        Entry entry = held != null && held.isDone() && !held.isCompletedExceptionally() ? held.join() : null;
        if (entry == null || !entry.sha256().equals(ready.sha256()) || !entry.file().equals(ready.file())) {
            return null;
        }
        // One stat on the event loop, where the disk path would open the file.
        if (!Files.isRegularFile(entry.file(), LinkOption.NOFOLLOW_LINKS)) {
            entries.asMap().remove(ready.reference(), held);
            return null;
        }
        return entry.content();
    }

    /** After a download from disk: from the second one on, reads a small file into memory on a worker thread, once. */
    void keep(DownloadDecision.Ready ready) {
        if (ready.bytes() > MAX_FILE_BYTES || seenOnce.asMap().putIfAbsent(ready.reference(), Boolean.TRUE) == null) {
            return;
        }
        // Held or being read already: nothing to do. A read that yields null (content differs) keeps nothing.
        entries.get(ready.reference(), (reference, executor) -> vertx.executeBlocking(() -> read(ready), false)
                .otherwise(failure -> {
                    LOG.debug("export {} not kept in memory: {}", ready.reference(), failure.getMessage());
                    return null;
                })
                .toCompletionStage().toCompletableFuture());
    }

    /** The file's bytes if they are exactly the export's (size and checksum), else null. */
    private static Entry read(DownloadDecision.Ready ready) throws Exception {
        byte[] bytes = Files.readAllBytes(ready.file());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        if (bytes.length != ready.bytes() || !sha.equals(ready.sha256())) {
            LOG.error("export {}: file content differs from what was recorded; not served from memory", ready.reference());
            return null;
        }
        return new Entry(ready.sha256(), ready.file(), Buffer.buffer(bytes), ready.expiresAt());
    }

    /** Drops what is held for an export (its file vanished, or it expired). */
    void forget(ReferenceId reference) {
        entries.synchronous().invalidate(reference);
    }

    /** Whether a read is in flight (for tests). */
    boolean reading() {
        return entries.asMap().values().stream().anyMatch(read -> !read.isDone());
    }

    /** Bytes held, after pending maintenance (for tests). */
    long heldBytes() {
        entries.synchronous().cleanUp();
        return entries.synchronous().policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }
}
