package dev.dsar.bootstrap.violations;

import dev.dsar.application.port.out.DownloadReceiptPort;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.time.Instant;

/** Breaks the driven-port rule on purpose (test sources only): a port kept by the wiring instead of an adapter. */
public final class PortImplementedInBootstrap implements DownloadReceiptPort {
    @Override
    public void record(ReferenceId reference, UserId owner, Instant at) {
    }
}
