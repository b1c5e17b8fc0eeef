package dev.dsar.application.fakes;

import dev.dsar.application.port.out.DownloadReceiptPort;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keeps every download receipt it is handed, in order. */
public final class RecordingReceipts implements DownloadReceiptPort {

    public record Receipt(ReferenceId reference, UserId owner, Instant at) {
    }

    private final List<Receipt> receipts = new ArrayList<>();

    @Override
    public void record(ReferenceId reference, UserId owner, Instant at) {
        receipts.add(new Receipt(reference, owner, at));
    }

    public List<Receipt> receipts() {
        return List.copyOf(receipts);
    }
}
