package dev.dsar.application.service;

import dev.dsar.application.port.in.ExportOutcome;
import dev.dsar.application.port.out.ExportArchivePort;
import dev.dsar.application.port.out.ExportArchivePort.ExportArchive;
import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.application.port.out.PackagedFile;
import dev.dsar.application.port.out.PersonalDataSourcePort;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.ExportSections;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One attempt's pipeline: create the archive, stream each section from the source into it (checked and redacted
 * by a {@link SectionSink}), finish the package, and hand the artifact or the fault to the {@link OutcomeRecorder}.
 * Whatever the outcome other than completion, the archive's file is discarded first.
 */
final class ExportAttempt {

    private final ExportArchivePort archives;
    private final PersonalDataSourcePort source;
    private final ExportSections sections;
    private final OutcomeRecorder outcomes;
    private final Clock clock;

    ExportAttempt(ExportArchivePort archives, PersonalDataSourcePort source, ExportSections sections,
                  OutcomeRecorder outcomes, Clock clock) {
        this.archives = archives;
        this.source = source;
        this.sections = sections;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** Always succeeds, with the outcome it recorded (or abandoned). */
    Future<ExportOutcome> run(ExportRun run) {
        ExportFileName name = ExportFileName.of(run.reference, run.startedAt);
        return archives.create(name).compose(
                archive -> writeAndComplete(archive, run)
                        .recover(fault -> archive.discard().transform((discarded, ignored) -> outcomes.settle(run, fault))),
                fault -> outcomes.settle(run, fault));
    }

    private Future<ExportOutcome> writeAndComplete(ExportArchive archive, ExportRun run) {
        List<PackageDescription.Section> written = new ArrayList<>();
        Future<Void> all = Future.succeededFuture();
        for (ExportSection section : sections.sections()) {
            all = all.compose(previous -> writeSection(archive, run, section)
                    .map(file -> {
                        written.add(new PackageDescription.Section(section, file));
                        return null;
                    }));
        }
        return all.compose(done -> archive.finish(describe(run, written)))
                .compose(artifact -> outcomes.complete(run, artifact, written));
    }

    private Future<PackagedFile> writeSection(ExportArchive archive, ExportRun run, ExportSection section) {
        if (run.abandoned() != null) {
            return Future.failedFuture(new ExportRun.Abandon(run.abandoned()));
        }
        SectionSink sink = new SectionSink(run, section, archive);
        return archive.beginSection(section.name(), section.single())
                .compose(begun -> source.stream(section, run.claimed.userId(), sink::accept))
                .compose(rows -> archive.endSection());
    }

    private PackageDescription describe(ExportRun run, List<PackageDescription.Section> written) {
        DsarRequest claimed = run.claimed;
        return new PackageDescription(claimed.reference(), claimed.userId(), claimed.requestedBy().code(),
                claimed.requestedAt(), run.startedAt, clock.instant(), claimed.attempts(), written,
                sections.controller());
    }
}
