package dev.dsar.application.fakes;

import dev.dsar.domain.Actor;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.Transition;
import dev.dsar.domain.UserId;
import java.time.Duration;
import java.time.Instant;

/** Requests in every state, built through the domain's own moves so that they are real ones. */
public final class TestRequests {

    public static final String WORKER = "worker-1";
    public static final Duration LEASE = Duration.ofMinutes(5);
    public static final Duration TAKES = Duration.ofMinutes(2);
    public static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private TestRequests() {
    }

    public static DsarRequest pending(ReferenceId reference, UserId user, Instant requestedAt) {
        return DsarRequest.submit(reference, user, Actor.subject(user), requestedAt);
    }

    public static DsarRequest processing(ReferenceId reference, UserId user, Instant requestedAt) {
        return moved(pending(reference, user, requestedAt).claim(WORKER, requestedAt.plusSeconds(1), LEASE));
    }

    /** Completed at {@code requestedAt + TAKES}, with a file of {@code bytes} at {@link #storagePath}. */
    public static DsarRequest completed(ReferenceId reference, UserId user, Instant requestedAt, long bytes) {
        Instant completedAt = requestedAt.plus(TAKES);
        ExportArtifact artifact = new ExportArtifact(storagePath(reference, completedAt), bytes, SHA256);
        return moved(processing(reference, user, requestedAt).complete(WORKER, artifact, completedAt));
    }

    public static DsarRequest failed(ReferenceId reference, UserId user, Instant requestedAt) {
        return moved(processing(reference, user, requestedAt)
                .fail(WORKER, "section orders: relation does not exist", requestedAt.plus(TAKES)));
    }

    /** Completed, then expired by cleanup at {@code expiredAt}. */
    public static DsarRequest expired(ReferenceId reference, UserId user, Instant requestedAt, Instant expiredAt,
                                      RetentionPolicy policy) {
        return moved(completed(reference, user, requestedAt, 100).expire(policy, expiredAt));
    }

    /** Where the export of {@code reference} completed at {@code completedAt} lies. */
    public static String storagePath(ReferenceId reference, Instant completedAt) {
        return InMemoryExportStorage.EXPORT_DIRECTORY.resolve(ExportFileName.of(reference, completedAt).fileName())
                .toString();
    }

    public static DsarRequest moved(Transition transition) {
        if (transition instanceof Transition.Moved moved) {
            return moved.request();
        }
        throw new AssertionError("fixture move refused: " + transition);
    }
}
