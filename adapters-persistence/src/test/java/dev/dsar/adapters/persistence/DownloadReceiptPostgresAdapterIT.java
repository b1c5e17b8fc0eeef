package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class DownloadReceiptPostgresAdapterIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");

    private static Vertx vertx;
    private static Pool pool;
    private static DsarRequestPostgresAdapter requests;

    @BeforeAll
    static void start(Vertx given) {
        vertx = given;
        pool = db.pool(vertx);
        requests = new DsarRequestPostgresAdapter(pool);
    }

    @Test
    void receiptsAreTalliedAndWrittenAsCountsWithOneAuditEventPerExport() {
        DsarRequest export = completed("GDPR-RECEIPTS-1", new UserId(501));
        DownloadReceiptPostgresAdapter receipts = new DownloadReceiptPostgresAdapter(vertx, pool);

        receipts.record(export.reference(), export.userId(), T0.plusSeconds(1));
        receipts.record(export.reference(), export.userId(), T0.plusSeconds(3));
        receipts.record(export.reference(), export.userId(), T0.plusSeconds(2));
        receipts.flush().await();

        DsarRequest counted = requests.findByReference(export.reference()).await().orElseThrow();
        assertThat(counted.downloadCount()).isEqualTo(3);
        assertThat(counted.lastDownloadedAt()).isEqualTo(T0.plusSeconds(3));
        Row event = pool.preparedQuery("SELECT actor, occurred_at, details FROM dsar_audit_events"
                + " WHERE gdpr_reference_id = $1 AND action = 'downloaded'").execute(Tuple.of(export.reference().value()))
                .await().iterator().next();
        assertThat(event.getString("actor")).isEqualTo("subject:501");
        assertThat(event.getOffsetDateTime("occurred_at").toInstant()).isEqualTo(T0.plusSeconds(3));
        JsonObject details = (JsonObject) event.getValue("details");
        assertThat(details.getLong("downloads")).isEqualTo(3);
        assertThat(details.getString("first_at")).isEqualTo(T0.plusSeconds(1).toString());
        assertThat(details.getString("last_at")).isEqualTo(T0.plusSeconds(3).toString());
    }

    @Test
    void laterFlushesAddToTheCountAndNeverMoveTheLastDownloadBack() {
        DsarRequest export = completed("GDPR-RECEIPTS-2", new UserId(502));
        DownloadReceiptPostgresAdapter receipts = new DownloadReceiptPostgresAdapter(vertx, pool);
        receipts.record(export.reference(), export.userId(), T0.plusSeconds(10));
        receipts.flush().await();

        receipts.record(export.reference(), export.userId(), T0.plusSeconds(5));
        receipts.flush().await();

        DsarRequest counted = requests.findByReference(export.reference()).await().orElseThrow();
        assertThat(counted.downloadCount()).isEqualTo(2);
        assertThat(counted.lastDownloadedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aMoveStoredAfterReceiptsNeverOverwritesTheCounts() {
        DsarRequest export = completed("GDPR-RECEIPTS-3", new UserId(503));
        DownloadReceiptPostgresAdapter receipts = new DownloadReceiptPostgresAdapter(vertx, pool);
        receipts.record(export.reference(), export.userId(), T0.plusSeconds(1));
        receipts.flush().await();

        DsarRequest expired = export.expire(dev.dsar.domain.RetentionPolicy.ofDays(1), T0.plus(Duration.ofDays(2))).request();
        assertThat(requests.store(expired, AuditEvent.of(expired, AuditAction.FILE_DELETED, Actor.system("cleanup"),
                T0.plus(Duration.ofDays(2)))).await()).isTrue();

        assertThat(requests.findByReference(export.reference()).await().orElseThrow().downloadCount()).isEqualTo(1);
    }

    @Test
    void receiptsThatCannotBeWrittenAreKeptForTheNextFlush() {
        DsarRequest export = completed("GDPR-RECEIPTS-4", new UserId(504));
        DownloadReceiptPostgresAdapter receipts = new DownloadReceiptPostgresAdapter(vertx, pool);
        receipts.record(export.reference(), export.userId(), T0.plusSeconds(1));

        db.execute("ALTER TABLE dsar_audit_events RENAME TO dsar_audit_events_away");
        try {
            assertThat(receipts.flush().otherwiseEmpty().await()).isNull();
            assertThat(requests.findByReference(export.reference()).await().orElseThrow().downloadCount()).isZero();
        } finally {
            db.execute("ALTER TABLE dsar_audit_events_away RENAME TO dsar_audit_events");
        }
        receipts.record(export.reference(), export.userId(), T0.plusSeconds(2));
        receipts.flush().await();

        DsarRequest counted = requests.findByReference(export.reference()).await().orElseThrow();
        assertThat(counted.downloadCount()).isEqualTo(2);
        assertThat(counted.lastDownloadedAt()).isEqualTo(T0.plusSeconds(2));
    }

    private static DsarRequest completed(String reference, UserId user) {
        DsarRequest pending = DsarRequest.submit(new ReferenceId(reference), user, Actor.subject(user), T0);
        requests.insert(pending, AuditEvent.of(pending, AuditAction.REQUESTED, Actor.subject(user), T0)).await();
        DsarRequest claimed = pending.claim("w", T0, Duration.ofMinutes(1)).request();
        requests.store(claimed, AuditEvent.of(claimed, AuditAction.EXPORT_STARTED, Actor.system("w"), T0)).await();
        DsarRequest completed = claimed.complete("w", new ExportArtifact("/x/dsar_" + reference + "_20260401_080000.zip",
                10, "b".repeat(64)), T0).request();
        requests.store(completed, AuditEvent.of(completed, AuditAction.EXPORT_COMPLETED, Actor.system("w"), T0)).await();
        return completed;
    }
}
