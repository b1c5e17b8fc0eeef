package dev.dsar.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of an export on disk, {@code dsar_{ref}_{yyyyMMdd_HHmmss}.zip}, and its temporary form
 * {@code ….zip.part} used until the file is complete. Cleanup only ever touches names recognised here.
 */
public record ExportFileName(ReferenceId reference, Instant generatedAt, boolean temporary) {

    static final String PREFIX = "dsar_";
    static final String SUFFIX = ".zip";
    static final String TEMPORARY_SUFFIX = ".part";
    // STRICT: an impossible stamp (Feb 30, hour 24) is not an export name, rather than a silently shifted one.
    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter FOLDER_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern NAME = Pattern.compile(
            "dsar_([A-Za-z0-9][A-Za-z0-9._-]{0,63})_(\\d{8}_\\d{6})\\.zip(\\.part)?");

    public ExportFileName {
        if (reference == null || generatedAt == null) {
            throw new IllegalArgumentException("an export file name needs a reference and a time");
        }
        generatedAt = generatedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** The final name of the export of {@code reference} generated at {@code generatedAt} (UTC). */
    public static ExportFileName of(ReferenceId reference, Instant generatedAt) {
        return new ExportFileName(reference, generatedAt, false);
    }

    public String fileName() {
        return PREFIX + reference.value() + "_" + stamp(FILE_STAMP) + SUFFIX + (temporary ? TEMPORARY_SUFFIX : "");
    }

    public ExportFileName asTemporary() {
        return new ExportFileName(reference, generatedAt, true);
    }

    public ExportFileName asFinal() {
        return new ExportFileName(reference, generatedAt, false);
    }

    /** The single root folder inside the ZIP: {@code dsar-{ref}-{yyyyMMdd-HHmmss}/}. */
    public String packageRoot() {
        return "dsar-" + reference.value() + "-" + stamp(FOLDER_STAMP) + "/";
    }

    /** Recognises a bare file name (no directory part) written by this service; anything else is empty. */
    public static Optional<ExportFileName> recognise(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime stamp = LocalDateTime.parse(matcher.group(2), FILE_STAMP);
            return Optional.of(new ExportFileName(
                    new ReferenceId(matcher.group(1)), stamp.toInstant(ZoneOffset.UTC), matcher.group(3) != null));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private String stamp(DateTimeFormatter format) {
        return format.format(generatedAt.atOffset(ZoneOffset.UTC));
    }

    @Override
    public String toString() {
        return fileName();
    }
}
