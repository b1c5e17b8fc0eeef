package dev.dsar.adapters.filesystem;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passes bytes on while counting them and computing their SHA-256. */
final class HashingOutputStream extends FilterOutputStream {

    private final MessageDigest digest;
    private final boolean closeUnderlying;
    private long count;

    /** {@code closeUnderlying = false} keeps {@code out} open on close (a ZIP entry's stream). */
    HashingOutputStream(OutputStream out, boolean closeUnderlying) {
        super(out);
        this.closeUnderlying = closeUnderlying;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        digest.update(bytes, offset, length);
        count += length;
    }

    long count() {
        return count;
    }

    /** Lowercase hex; call once, after the last byte. */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        if (closeUnderlying) {
            super.close();
        } else {
            flush();
        }
    }
}
