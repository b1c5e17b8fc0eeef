package dev.dsar.application.service;

import dev.dsar.application.port.out.ExportFileOwnersPort.Ownership;
import dev.dsar.application.port.out.ExportFileRemovalPort.FileRemoval;
import dev.dsar.application.port.out.StoredExportFile;
import dev.dsar.domain.StoredFilePolicy;
import dev.dsar.domain.StoredFilePolicy.Verdict;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The phase over the export directory, a batch of files at a time: partial files of failed exports and orphans
 * (files no request points at) go as {@link StoredFilePolicy} judges, each deleted only if unchanged since it was
 * examined. The lock is renewed after every batch.
 */
final class DirectorySweep {

    private static final System.Logger LOG = System.getLogger(CleanupService.class.getName());

    private final CycleContext cycle;
    private final StoredFilePolicy policy;

    DirectorySweep(CycleContext cycle, Duration orphanGrace) {
        this.cycle = cycle;
        this.policy = new StoredFilePolicy(cycle.retention, orphanGrace);
    }

    Future<Boolean> run() {
        AtomicBoolean goOn = new AtomicBoolean(true);
        return cycle.ports.directory().scan(CycleContext.BATCH, files -> judge(files)
                .compose(done -> cycle.checkpoint()).map(go -> {
                    goOn.set(go);
                    return go;
                })).map(done -> goOn.get());
    }

    private Future<Void> judge(List<StoredExportFile> files) {
        return cycle.ports.owners().ownership(files).compose(ownerships -> {
            List<StoredExportFile> doomed = new ArrayList<>();
            List<Verdict> verdicts = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                StoredExportFile file = files.get(i);
                Ownership ownership = ownerships.get(i);
                Verdict verdict = policy.judge(file.name(), file.modifiedAt(), ownership.referenced(),
                        ownership.owner(), cycle.now);
                if (verdict != Verdict.KEEP) {
                    doomed.add(file);
                    verdicts.add(verdict);
                }
            }
            if (doomed.isEmpty()) {
                return Future.succeededFuture();
            }
            return cycle.ports.files().removeUnchanged(doomed, cycle.dryRun()).map(outcomes -> {
                for (int i = 0; i < doomed.size(); i++) {
                    count(doomed.get(i), verdicts.get(i), outcomes.get(i));
                }
                return null;
            });
        });
    }

    private void count(StoredExportFile file, Verdict verdict, FileRemoval outcome) {
        if (outcome instanceof FileRemoval.Removed removed) {
            if (verdict == Verdict.DELETE_FAILED_EXPORT_FILE) {
                cycle.tally.failedFileDeleted(removed.bytes());
            } else {
                cycle.tally.orphanDeleted(removed.bytes());
            }
            LOG.log(Level.DEBUG, "cleanup: {0} {1}", cycle.dryRun() ? "would delete" : "deleted", file.name());
        } else if (outcome instanceof FileRemoval.Refused || outcome instanceof FileRemoval.Failed) {
            cycle.error("file " + file.name() + ": " + CycleContext.describe(outcome));
        }
    }
}
