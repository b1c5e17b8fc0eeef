package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.domain.Actor;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How lookups gather into queries, with the query held in the test's hand. */
class ReferenceLookupsTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<List<String>> sent = new CopyOnWriteArrayList<>();
    private final List<Promise<List<DsarRequest>>> answers = new CopyOnWriteArrayList<>();
    private final ReferenceLookups lookups = new ReferenceLookups(references -> {
        sent.add(references);
        Promise<List<DsarRequest>> answer = Promise.promise();
        answers.add(answer);
        return answer.future();
    });

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void aLookupOnAnIdleLoopGoesAtOnceAlone() {
        List<Future<Optional<DsarRequest>>> found = onOneLoop(List.of("GDPR-A"));

        assertThat(sent).containsExactly(List.of("GDPR-A"));
        onTheLoop(() -> answers.get(0).complete(List.of(request("GDPR-A", 1))));
        assertThat(found.get(0).await()).map(DsarRequest::userId).contains(new UserId(1));
    }

    @Test
    void beyondTheQueriesInFlightLookupsGatherIntoTheNextQuery() {
        List<String> references = new ArrayList<>();
        for (int i = 0; i < ReferenceLookups.IN_FLIGHT + 10; i++) {
            references.add("GDPR-" + i);
        }

        List<Future<Optional<DsarRequest>>> found = onOneLoop(references);

        assertThat(sent).hasSize(ReferenceLookups.IN_FLIGHT).allSatisfy(query -> assertThat(query).hasSize(1));
        onTheLoop(() -> answers.get(0).complete(List.of()));
        assertThat(sent).hasSize(ReferenceLookups.IN_FLIGHT + 1);
        assertThat(sent.get(ReferenceLookups.IN_FLIGHT)).containsExactlyElementsOf(references.subList(ReferenceLookups.IN_FLIGHT, references.size()));
        onTheLoop(() -> answers.get(ReferenceLookups.IN_FLIGHT).complete(List.of(request("GDPR-7", 7))));
        assertThat(found.get(7).await()).map(DsarRequest::userId).contains(new UserId(7));
        assertThat(found.get(8).await()).as("absent from the answer: not found").isEmpty();
        assertThat(found.get(0).await()).isEmpty();
    }

    @Test
    void aFailedQueryFailsEveryLookupItCarriedAndTheLaneGoesOn() {
        List<String> references = new ArrayList<>();
        for (int i = 0; i < ReferenceLookups.IN_FLIGHT + 2; i++) {
            references.add("GDPR-" + i);
        }
        List<Future<Optional<DsarRequest>>> found = onOneLoop(references);
        onTheLoop(() -> answers.get(0).fail(new IllegalStateException("connection lost")));
        onTheLoop(() -> answers.get(ReferenceLookups.IN_FLIGHT).fail(new IllegalStateException("connection lost")));

        assertThat(found.get(0).failed()).isTrue();
        assertThat(found.get(ReferenceLookups.IN_FLIGHT).cause()).hasMessage("connection lost");
        assertThat(found.get(ReferenceLookups.IN_FLIGHT + 1).cause()).hasMessage("connection lost");

        List<Future<Optional<DsarRequest>>> after = onOneLoop(List.of("GDPR-X"));
        assertThat(sent.get(sent.size() - 1)).as("sent at once: a query slot is free again").containsExactly("GDPR-X");
        assertThat(after.get(0).isComplete()).isFalse();
    }

    @Test
    void aBatchNeverCarriesMoreThanItsBound() {
        List<String> references = new ArrayList<>();
        for (int i = 0; i < ReferenceLookups.IN_FLIGHT + ReferenceLookups.BATCH + 1; i++) {
            references.add("GDPR-" + i);
        }
        onOneLoop(references);

        onTheLoop(() -> answers.get(0).complete(List.of()));
        onTheLoop(() -> answers.get(1).complete(List.of()));

        assertThat(sent.get(ReferenceLookups.IN_FLIGHT)).hasSize(ReferenceLookups.BATCH);
        assertThat(sent.get(ReferenceLookups.IN_FLIGHT + 1)).hasSize(1);
    }

    @Test
    void withoutAnEventLoopEachLookupIsSentAlone() {
        lookups.find(new ReferenceId("GDPR-1"));
        lookups.find(new ReferenceId("GDPR-2"));

        assertThat(sent).containsExactly(List.of("GDPR-1"), List.of("GDPR-2"));
    }

    /** Starts the lookups in one go on one event loop, as concurrent downloads on that loop would. */
    private List<Future<Optional<DsarRequest>>> onOneLoop(List<String> references) {
        CompletableFuture<List<Future<Optional<DsarRequest>>>> started = new CompletableFuture<>();
        loop().runOnContext(ignored -> {
            List<Future<Optional<DsarRequest>>> found = new ArrayList<>();
            references.forEach(reference -> found.add(lookups.find(new ReferenceId(reference))));
            started.complete(found);
        });
        return started.join();
    }

    private io.vertx.core.Context loop;

    private io.vertx.core.Context loop() {
        if (loop == null) {
            loop = vertx.getOrCreateContext();
        }
        return loop;
    }

    private void onTheLoop(Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop().runOnContext(ignored -> {
            action.run();
            done.complete(null);
        });
        done.join();
    }

    private static DsarRequest request(String reference, long user) {
        return DsarRequest.submit(new ReferenceId(reference), new UserId(user), Actor.subject(new UserId(user)),
                Instant.parse("2026-03-01T10:00:00Z"));
    }
}
