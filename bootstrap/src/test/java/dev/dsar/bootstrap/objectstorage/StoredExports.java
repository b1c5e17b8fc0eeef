package dev.dsar.bootstrap.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.bootstrap.RunningService;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Exports made through a running service whose exports are kept in the test object store. */
final class StoredExports {

    private StoredExports() {
    }

    /** Requested over HTTP, then exported at once by the service's own worker; completed. */
    static ReferenceId exported(RunningService dsar, UserId owner) {
        HttpResponse<Buffer> created = dsar.post("/api/dsar/requests", dsar.token(owner), "");
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
        ReferenceId reference = new ReferenceId(new JsonObject(created.bodyAsString()).getJsonObject("request")
                .getString("reference_id"));
        dsar.service().components().generateExport().startNext().await().orElseThrow().outcome().await();
        assertThat(dsar.find(reference).orElseThrow().status().code()).isEqualTo("completed");
        return reference;
    }

    /** The object key the request stores (its location without {@code s3://bucket/}). */
    static String key(RunningService dsar, ReferenceId reference) {
        return dsar.find(reference).orElseThrow().storagePath().substring(("s3://" + TestObjectStore.bucket() + "/").length());
    }
}
