package dev.dsar.application.service;

import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.application.port.in.DownloadExportUseCase;
import dev.dsar.application.port.out.DownloadReceiptPort;
import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.application.port.out.ExportStoragePort.FileState;
import dev.dsar.application.port.out.ExpiringMemoryPort;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.domain.Actor;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.RetentionPolicy;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Download decisions. A {@link DownloadDecision.Ready} is remembered until the export expires: its facts
 * (owner, file, size, checksum, expiry) never change while the export is completed, so repeated downloads
 * need neither the database nor a look at the disk. Expiry is still decided on every call from the clock,
 * and a file that has vanished is noticed when it is opened ({@link #decideAfterFileVanished}). The memory is
 * a port (a bounded cache in an adapter): the rule of what is remembered, and until when, stays here.
 *
 * <p>Concurrent first downloads of one export each look it up: a decision depends on the caller (owner or not)
 * and may expire the export on access, so one caller's lookup is not shared with another's.
 */
public final class DownloadExportService implements DownloadExportUseCase {

    private static final System.Logger LOG = System.getLogger(DownloadExportService.class.getName());
    private static final Actor ON_ACCESS = Actor.system("download");

    private final LoadRequestPort requests;
    private final ExportStoragePort storage;
    private final ExportExpiry expiry;
    private final DownloadReceiptPort receipts;
    private final RetentionPolicy retention;
    private final Clock clock;
    private final ExpiringMemoryPort<ReferenceId, DownloadDecision.Ready> ready;

    public DownloadExportService(LoadRequestPort requests, ExportStoragePort storage, ExportExpiry expiry,
                                 DownloadReceiptPort receipts, RetentionPolicy retention, Clock clock,
                                 ExpiringMemoryPort<ReferenceId, DownloadDecision.Ready> ready) {
        this.ready = ready;
        this.requests = requests;
        this.storage = storage;
        this.expiry = expiry;
        this.receipts = receipts;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Future<DownloadDecision> decide(UserId caller, ReferenceId reference) {
        DownloadDecision.Ready remembered = ready.recall(reference);
        if (remembered != null) {
            if (clock.instant().isBefore(remembered.expiresAt())) {
                return Future.succeededFuture(remembered.owner().equals(caller) ? remembered : new DownloadDecision.NotFound());
            }
            ready.forget(reference);
        }
        return lookUp(caller, reference);
    }

    @Override
    public Future<DownloadDecision> decideAfterFileVanished(UserId caller, ReferenceId reference) {
        ready.forget(reference);
        return lookUp(caller, reference);
    }

    private Future<DownloadDecision> lookUp(UserId caller, ReferenceId reference) {
        return requests.findByReference(reference).compose(found -> decideFor(caller, found)).onSuccess(decision -> {
            if (decision instanceof DownloadDecision.Ready fresh) {
                ready.remember(reference, fresh, fresh.expiresAt());
            }
        });
    }

    @Override
    public void recordDownload(DownloadDecision.Ready sent) {
        receipts.record(sent.reference(), sent.owner(), clock.instant());
    }

    private Future<DownloadDecision> decideFor(UserId caller, Optional<DsarRequest> found) {
        if (found.isEmpty() || !found.get().isOwnedBy(caller)) {
            return Future.succeededFuture(new DownloadDecision.NotFound());
        }
        DsarRequest request = found.get();
        Instant now = clock.instant();
        switch (request.status()) {
            case COMPLETED:
                return retention.isExpired(request.completedAt(), now) ? expireOnAccess(request, now) : locate(request);
            case EXPIRED:
                return Future.succeededFuture(expired());
            default:
                return Future.succeededFuture(new DownloadDecision.NotReady(request.status()));
        }
    }

    /** Past retention but cleanup has not come by yet: delete now, answer expired whatever the deletion did. */
    private Future<DownloadDecision> expireOnAccess(DsarRequest request, Instant now) {
        return expiry.expire(request, retention, ON_ACCESS, now).map(outcome -> {
            if (outcome instanceof ExportExpiry.Outcome.Refused refused) {
                LOG.log(Level.ERROR, "expired export {0}: file deletion refused: {1}",
                        request.reference(), refused.reason());
            }
            return expired();
        });
    }

    private Future<DownloadDecision> locate(DsarRequest request) {
        return storage.inspect(request.storagePath()).map(state -> {
            if (state instanceof FileState.Present present) {
                if (present.bytes() == request.exportBytes()) {
                    return new DownloadDecision.Ready(request.reference(), request.userId(), present.file(),
                            present.bytes(), request.exportSha256(), retention.expiresAt(request.completedAt()));
                }
                LOG.log(Level.ERROR, "export {0}: file has {1} bytes, {2} were written",
                        request.reference(), Long.toString(present.bytes()), Long.toString(request.exportBytes()));
            } else if (state instanceof FileState.InStore stored) {
                if (stored.bytes() == request.exportBytes()) {
                    return new DownloadDecision.Ready(request.reference(), request.userId(), null, stored.storagePath(),
                            stored.bytes(), request.exportSha256(), retention.expiresAt(request.completedAt()));
                }
                LOG.log(Level.ERROR, "export {0}: object has {1} bytes, {2} were written",
                        request.reference(), Long.toString(stored.bytes()), Long.toString(request.exportBytes()));
            } else if (state instanceof FileState.Refused refused) {
                LOG.log(Level.ERROR, "export {0}: stored path refused: {1}", request.reference(), refused.reason());
            }
            return new DownloadDecision.FileMissing(request.reference());
        });
    }

    private DownloadDecision expired() {
        return new DownloadDecision.Expired(retention.retention());
    }
}
