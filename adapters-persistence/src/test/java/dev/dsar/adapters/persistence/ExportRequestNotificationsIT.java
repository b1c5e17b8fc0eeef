package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class ExportRequestNotificationsIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migrated();

    private static Vertx vertx;

    @BeforeAll
    static void start(Vertx given) {
        vertx = given;
    }

    @Test
    void theListenerIsCalledOnceListeningAndAgainForEveryInsertedRequest() throws InterruptedException {
        Semaphore calls = new Semaphore(0);
        ExportRequestNotifications notifications = new ExportRequestNotifications(vertx, db.location());
        Pool pool = PgBuilder.pool().connectingTo(db.location().connectOptions()).using(vertx).build();
        try {
            notifications.start(calls::release).await();
            assertThat(calls.tryAcquire(30, TimeUnit.SECONDS)).as("called once listening").isTrue();

            DsarRequest request = DsarRequest.submit(new ReferenceId("GDPR-NOTIFY"), new UserId(5), Actor.operator(),
                    Instant.parse("2026-03-01T10:00:00Z"));
            new DsarRequestPostgresAdapter(pool).insert(request,
                    AuditEvent.of(request, AuditAction.REQUESTED, Actor.operator(), request.requestedAt())).await();

            assertThat(calls.tryAcquire(30, TimeUnit.SECONDS)).as("called for the new request").isTrue();
        } finally {
            notifications.close().await();
            pool.close().await();
        }
    }

    @Test
    void anUnreachableDatabaseDoesNotFailTheStart() {
        ExportRequestNotifications notifications = new ExportRequestNotifications(vertx,
                PostgresLocation.parse("postgresql://nobody@127.0.0.1:1/none"));

        assertThat(notifications.start(() -> { }).await()).isNull();
        notifications.close().await();
    }
}
