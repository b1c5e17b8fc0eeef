package dev.dsar.adapters.http;

/**
 * How much the download path keeps in memory: verified tokens and download decisions ({@code entries} each, about
 * 400 bytes an entry), and the content of small export files ({@code fileBytes} in all). Each cache evicts its
 * least useful entries when full (Caffeine's W-TinyLFU), never all at once. See docs/operations.md, "Memory".
 */
public record DownloadCaches(int entries, long fileBytes) {

    public static final int DEFAULT_ENTRIES = 50_000;
    public static final int DEFAULT_FILE_MIB = 64;
    public static final DownloadCaches DEFAULT = new DownloadCaches(DEFAULT_ENTRIES, DEFAULT_FILE_MIB * 1024L * 1024);

    public DownloadCaches {
        if (entries < 1 || fileBytes < 0) {
            throw new IllegalArgumentException("entries must be positive, fileBytes not negative");
        }
    }
}
