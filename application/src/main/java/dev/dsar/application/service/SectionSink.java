package dev.dsar.application.service;

import dev.dsar.application.port.out.ExportArchivePort.ExportArchive;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.Redaction;
import io.vertx.core.Future;

/** Checks, redacts and forwards one section's batches; stops the stream once the attempt is abandoned. */
final class SectionSink {

    private final ExportRun run;
    private final ExportSection section;
    private final ExportArchive archive;
    private Redaction redaction;
    private long rows;

    SectionSink(ExportRun run, ExportSection section, ExportArchive archive) {
        this.run = run;
        this.section = section;
        this.archive = archive;
    }

    Future<Void> accept(RowBatch batch) {
        if (run.abandoned() != null) {
            return Future.failedFuture(new ExportRun.Abandon(run.abandoned()));
        }
        try {
            if (redaction == null) {
                redaction = Redaction.of(section, batch.columns());
            }
            rows += batch.size();
            if (section.single() && rows > 1) {
                throw ExportFault.permanent("section '" + section.name()
                        + "' is declared single but its query returned more than one row");
            }
            for (Object[] row : batch.rows()) {
                redaction.apply(row);
            }
        } catch (ExportFault fault) {
            return Future.failedFuture(fault);
        }
        return archive.writeRows(batch);
    }
}
