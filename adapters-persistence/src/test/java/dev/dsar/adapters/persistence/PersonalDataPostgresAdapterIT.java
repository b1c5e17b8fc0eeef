package dev.dsar.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.adapters.persistence.testing.TestPostgres;
import dev.dsar.application.port.out.JsonText;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class PersonalDataPostgresAdapterIT {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.migratedWithDemoSchema();

    static final UserId ALICE = new UserId(42);
    static final UserId BOB = new UserId(7);
    static final int BATCH = 3;
    /** Every test streams a section with its query (see {@link #stream}); none is looked up by name. */
    static final SectionQueries NO_QUERIES = new SectionQueries(List.of());

    private static Vertx vertx;
    private static AvailabilityTrackingPool pool;
    private static PersonalDataPostgresAdapter source;

    @BeforeAll
    static void start(Vertx given) {
        db.execute("""
                INSERT INTO users (id, email, display_name, created_at) VALUES
                  (42, 'alice@example.org', 'Alice Ünïcødé 😀 "quoted" <b>', '2026-01-02 03:04:05.123456+02'),
                  (7, 'bob@example.org', 'Bob', '2026-01-01 00:00:00+00');
                INSERT INTO audit_logs (user_id, action, ip, details, created_at)
                  SELECT 42, 'action-' || i, '10.0.0.' || i, jsonb_build_object('n', i), '2026-01-01T00:00:00Z'::timestamptz + i * interval '1 minute'
                  FROM generate_series(1, 7) i;
                INSERT INTO audit_logs (user_id, action, ip, details, created_at)
                  SELECT 7, 'bob-' || i, '10.9.9.9', '{}', now() FROM generate_series(1, 5) i;
                CREATE TABLE kinds (id int PRIMARY KEY, user_id bigint, t text, b boolean, i2 smallint, i4 int, i8 bigint,
                  f8 double precision, n numeric, nan numeric, ts timestamp, tstz timestamptz, d date, j json, jb jsonb,
                  jb_scalar jsonb, jb_null jsonb, bytes bytea, tags text[], u uuid, iv interval, nothing text);
                INSERT INTO kinds VALUES (1, 42, 'ü €', true, 2, 4, 9007199254740993, 1.5, 12345678901234567890.123456789,
                  'NaN', '2026-05-06 07:08:09.5', '2026-05-06 07:08:09+03', '2026-05-06', '{"b": 1, "a": [true, null]}',
                  '{"nested": {"list": [1, "two", {"three": 3}]}, "é": "ü"}', '"just text"', 'null', '\\x00ff10',
                  ARRAY['x', NULL, 'z'], 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 year 2 months 3 days 04:05:06.5', NULL);
                CREATE FUNCTION sneaky_write(uid bigint) RETURNS int LANGUAGE sql
                  AS 'INSERT INTO audit_logs (user_id, action) VALUES (uid, ''sneaky'') RETURNING 1';
                """);
        vertx = given;
        pool = PersonalDataPostgresAdapter.pool(vertx, db.location(), 1);
        // Batches of 3 rows whatever their width: every page boundary shows.
        source = new PersonalDataPostgresAdapter(pool, NO_QUERIES, BATCH, 1);
    }

    @AfterAll
    static void stop() {
        pool.close().await();
    }

    /** A section with its query, streamed through the adapter as if the sections file held it. */
    record Section(ExportSection section, SectionQuery query) {
    }

    static Section section(String name, String query) {
        return new Section(ExportSection.of(name), new SectionQuery(name, query));
    }

    static Section keyed(String name, String query, String key) {
        return new Section(new ExportSection(name, false, List.of(), Optional.empty(), Optional.of(key)),
                new SectionQuery(name, query));
    }

    static Future<Long> stream(PersonalDataPostgresAdapter adapter, Section section, UserId user,
                               Function<RowBatch, Future<Void>> sink) {
        return adapter.stream(section.section(), section.query(), user, sink);
    }

    static List<Object> column(List<RowBatch> batches, int column) {
        return batches.stream().flatMap(batch -> batch.rows().stream()).map(row -> row[column]).toList();
    }

    /** Collects every batch, accepting each at once. */
    static List<RowBatch> collect(Section section, UserId user) {
        List<RowBatch> batches = Collections.synchronizedList(new ArrayList<>());
        long rows = stream(source, section, user, batch -> {
            batches.add(batch);
            return Future.succeededFuture();
        }).await();
        assertThat(rows).isEqualTo(batches.stream().mapToLong(RowBatch::size).sum());
        return batches;
    }

    static Map<String, Object> onlyRow(List<RowBatch> batches) {
        assertThat(batches).hasSize(1);
        RowBatch batch = batches.get(0);
        assertThat(batch.rows()).hasSize(1);
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < batch.columns().size(); i++) {
            row.put(batch.columns().get(i), batch.rows().get(0)[i]);
        }
        return row;
    }

    @Test
    void onlyTheUsersRowsComeInQueryOrderAndInBatchesOfBoundedSize() {
        List<RowBatch> batches = collect(section("audit_logs",
                "SELECT id, user_id, action FROM audit_logs WHERE user_id = #{userId} ORDER BY id DESC"), ALICE);

        assertThat(batches).extracting(RowBatch::size).containsExactly(3, 3, 1);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.columns()).containsExactly("id", "user_id", "action"));
        List<Object> actions = batches.stream().flatMap(batch -> batch.rows().stream()).map(row -> row[2]).toList();
        assertThat(actions).containsExactly("action-7", "action-6", "action-5", "action-4", "action-3", "action-2",
                "action-1");
        assertThat(batches.stream().flatMap(batch -> batch.rows().stream())).allMatch(row -> row[1].equals(42L));
    }

    @Test
    void anExactMultipleOfTheBatchSizeEndsWithoutAnEmptyBatch() {
        List<RowBatch> batches = collect(section("some",
                "SELECT id FROM audit_logs WHERE user_id = #{userId} ORDER BY id LIMIT 6"), ALICE);

        assertThat(batches).extracting(RowBatch::size).containsExactly(3, 3);
    }

    @Test
    void aUserWithoutRowsGetsOneEmptyBatchThatStillNamesTheColumns() {
        List<RowBatch> batches = collect(section("audit_logs",
                "SELECT id, action FROM audit_logs WHERE user_id = #{userId}"), new UserId(999));

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).rows()).isEmpty();
        assertThat(batches.get(0).columns()).containsExactly("id", "action");
    }

    @Test
    void valuesArriveAsPlainJavaValues() {
        Map<String, Object> row = onlyRow(collect(section("kinds", "SELECT * FROM kinds WHERE user_id = #{userId}"), ALICE));

        assertThat(row).containsEntry("t", "ü €").containsEntry("b", true).containsEntry("i2", (short) 2)
                .containsEntry("i4", 4).containsEntry("i8", 9007199254740993L).containsEntry("f8", 1.5)
                .containsEntry("n", new BigDecimal("12345678901234567890.123456789")).containsEntry("nan", "NaN")
                .containsEntry("ts", OffsetDateTime.parse("2026-05-06T07:08:09.500Z"))
                .containsEntry("tstz", OffsetDateTime.parse("2026-05-06T04:08:09Z"))
                .containsEntry("d", LocalDate.parse("2026-05-06"))
                .containsEntry("j", Map.of("b", 1, "a", java.util.Arrays.asList(true, null)))
                .containsEntry("jb", new JsonText("{\"é\": \"ü\", \"nested\": {\"list\": [1, \"two\", {\"three\": 3}]}}"))
                .containsEntry("jb_scalar", new JsonText("\"just text\"")).containsEntry("jb_null", new JsonText("null"))
                .containsEntry("tags", java.util.Arrays.asList("x", null, "z"))
                .containsEntry("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
                .containsEntry("iv", "P1Y2M3DT4H5M6.5S").containsEntry("nothing", null);
        assertThat((byte[]) row.get("bytes")).containsExactly(0x00, 0xff, 0x10);
        assertThat(row.keySet()).containsExactly("id", "user_id", "t", "b", "i2", "i4", "i8", "f8", "n", "nan", "ts",
                "tstz", "d", "j", "jb", "jb_scalar", "jb_null", "bytes", "tags", "u", "iv", "nothing");
    }

    @Test
    void unicodeTextIsReadIntact() {
        Map<String, Object> row = onlyRow(collect(section("account",
                "SELECT display_name, created_at FROM users WHERE id = #{userId}"), ALICE));

        assertThat(row).containsEntry("display_name", "Alice Ünïcødé 😀 \"quoted\" <b>")
                .containsEntry("created_at", OffsetDateTime.parse("2026-01-02T01:04:05.123456Z"));
        assertThat(((String) row.get("display_name")).getBytes(StandardCharsets.UTF_8)).hasSize(35);
    }

    @Test
    void betweenBatchesNoTransactionIsOpenAndTheNextBatchWaitsForTheSink() throws Exception {
        assertNoTransactionWhileTheSecondBatchIsHeld(section("audit_logs",
                "SELECT id FROM audit_logs WHERE user_id = #{userId} ORDER BY id"));
    }

    @Test
    void aKeyedSectionKeepsNoTransactionOpenBetweenPages() throws Exception {
        assertNoTransactionWhileTheSecondBatchIsHeld(keyed("audit_logs",
                "SELECT id FROM audit_logs WHERE user_id = #{userId}", "id"));
    }

    /**
     * Holds Alice's second batch of audit rows in the sink until the source connection is idle again (its
     * fetch ahead done), then checks it is outside any transaction, holds no snapshot and fetched no further.
     */
    static void assertNoTransactionWhileTheSecondBatchIsHeld(Section section) throws Exception {
        AtomicReference<Promise<Void>> held = new AtomicReference<>();
        CountDownLatch secondBatch = new CountDownLatch(1);
        List<RowBatch> seen = Collections.synchronizedList(new ArrayList<>());
        Future<Long> streaming = stream(source, section, ALICE, batch -> {
            seen.add(batch);
            if (seen.size() == 2) {
                Promise<Void> promise = Promise.promise();
                held.set(promise);
                secondBatch.countDown();
                return promise.future();
            }
            return Future.succeededFuture();
        });
        assertThat(secondBatch.await(30, TimeUnit.SECONDS)).isTrue();
        Map<String, Object> backend = awaitIdleSourceBackend();

        assertThat(backend.get("state")).isEqualTo("idle");
        assertThat(backend.get("xact_start")).as("no transaction open while the sink works").isNull();
        assertThat(backend.get("backend_xmin")).as("no snapshot held").isNull();
        assertThat(seen).as("the third batch waits for the second to be accepted").hasSize(2);
        held.get().complete();
        assertThat(streaming.await()).isEqualTo(7);
        assertThat(seen).extracting(RowBatch::size).containsExactly(3, 3, 1);
    }

    @Test
    void theUserIdIsABigintThatAQueryMayCastToText() {
        db.execute("CREATE TABLE IF NOT EXISTS external_profiles (external_user text, nickname text);"
                + " INSERT INTO external_profiles VALUES ('42', 'ally'), ('7', 'bobby')");

        Map<String, Object> cast = onlyRow(collect(section("profiles",
                "SELECT nickname FROM external_profiles WHERE external_user = #{userId}::text"), ALICE));
        ExportFault uncast = fault(section("profiles",
                "SELECT nickname FROM external_profiles WHERE external_user = #{userId}"));

        assertThat(cast).containsEntry("nickname", "ally");
        assertThat(uncast.getMessage()).isEqualTo("section 'profiles': query failed with SQLSTATE 42883"
                + " (undefined_function): operator does not exist: text = bigint");
    }

    @Test
    void aKeyedSectionComesPageByPageInKeyOrderWithEveryRowOnce() {
        List<RowBatch> batches = collect(keyed("audit_logs",
                "SELECT id, action FROM audit_logs WHERE user_id = #{userId}", "id"), ALICE);

        assertThat(batches).extracting(RowBatch::size).containsExactly(3, 3, 1);
        assertThat(column(batches, 1)).containsExactly("action-1", "action-2", "action-3", "action-4", "action-5",
                "action-6", "action-7");
    }

    @Test
    void aKeyedSectionWithAnExactMultipleOfThePageSizeEndsWithoutAnEmptyBatch() {
        List<RowBatch> batches = collect(keyed("some",
                "SELECT id FROM audit_logs WHERE user_id = #{userId} ORDER BY id LIMIT 6", "id"), ALICE);

        assertThat(batches).extracting(RowBatch::size).containsExactly(3, 3);
    }

    @Test
    void aTextKeyFollowsTheDatabasesOrder() {
        List<RowBatch> batches = collect(keyed("words", "SELECT w FROM (VALUES ('b'), ('A'), ('c'), ('B'), ('a'),"
                + " ('C'), ('é')) v(w) WHERE #{userId} > 0", "w"), ALICE);

        assertThat(column(batches, 0)).hasSize(7).doesNotHaveDuplicates()
                .isEqualTo(column(collect(section("words", "SELECT w FROM (VALUES ('b'), ('A'), ('c'), ('B'), ('a'),"
                        + " ('C'), ('é')) v(w) WHERE #{userId} > 0 ORDER BY w"), ALICE), 0));
    }

    @Test
    void aKeyThatIsNotUniqueIsAPermanentFaultEvenAcrossPages() {
        String values = "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c'), (3, 'd'), (4, 'e')) v(k, t)"
                + " WHERE #{userId} > 0";
        ExportFault acrossPages = fault(keyed("things", values, "k"));
        ExportFault withinAPage = fault(keyed("things", values.replace("(2, 'b')", "(3, 'b')"), "k"));

        assertThat(acrossPages.isPermanent()).isTrue();
        assertThat(acrossPages.getMessage()).isEqualTo("section 'things': key column 'k' is not unique;"
                + " the key must be a unique column that is never null");
        assertThat(withinAPage.getMessage()).isEqualTo(acrossPages.getMessage());
    }

    @Test
    void aNullKeyIsAPermanentFault() {
        ExportFault fault = fault(keyed("things", "SELECT * FROM (VALUES (1), (NULL)) v(k) WHERE #{userId} > 0", "k"));

        assertThat(fault.getMessage()).isEqualTo("section 'things': key column 'k' is null in some rows;"
                + " the key must be a unique column that is never null");
    }

    @Test
    void aKeyMissingFromTheResultIsAPermanentFault() {
        ExportFault fault = fault(keyed("logs", "SELECT action FROM audit_logs WHERE user_id = #{userId}", "id"));

        assertThat(fault.isPermanent()).isTrue();
        assertThat(fault.getMessage()).isEqualTo("section 'logs': query failed with SQLSTATE 42703 (undefined_column):"
                + " column dsar_section.id does not exist");
    }

    @Test
    void batchesHoldAboutTheSameVolumeWhateverTheWidthOfTheRows() {
        PersonalDataPostgresAdapter sized = new PersonalDataPostgresAdapter(pool, NO_QUERIES, 32, 1000);
        String narrow = "SELECT i, 'x' AS t FROM generate_series(1, 200) i WHERE #{userId} > 0";
        String wide = "SELECT i, repeat('x', 500) AS t FROM generate_series(1, 100) i WHERE #{userId} > 0";
        List<Integer> narrowKeyed = new ArrayList<>();
        List<Integer> wideHeld = new ArrayList<>();

        stream(sized, keyed("narrow", narrow, "i"), ALICE, batch -> {
            narrowKeyed.add(batch.size());
            return Future.succeededFuture();
        }).await();
        stream(sized, section("wide", wide), ALICE, batch -> {
            wideHeld.add(batch.size());
            return Future.succeededFuture();
        }).await();

        // about 9 bytes a row (8 for the number, 1 for the text): 1000 / 9 = 111 rows a batch
        assertThat(narrowKeyed).containsExactly(32, 111, 57);
        // about 508 bytes a row: 16 rows a batch at the least
        assertThat(wideHeld).containsExactly(32, 16, 16, 16, 16, 4);
    }

    @Test
    void aBrokenQueryIsAPermanentFaultNamingTheSectionAndTheMissingRelation() {
        ExportFault fault = fault(section("orders", "SELECT * FROM orderz WHERE user_id = #{userId}"));

        assertThat(fault.isPermanent()).isTrue();
        assertThat(fault.getMessage()).isEqualTo("section 'orders': query failed with SQLSTATE 42P01 (undefined_table):"
                + " relation \"orderz\" does not exist");
    }

    @Test
    void aDataErrorIsPermanentAndItsMessageDoesNotQuoteTheValue() {
        ExportFault fault = fault(section("account", "SELECT email::int FROM users WHERE id = #{userId}"));

        assertThat(fault.isPermanent()).isTrue();
        assertThat(fault.getMessage())
                .isEqualTo("section 'account': query failed with SQLSTATE 22P02 (invalid_text_representation)")
                .doesNotContain("alice");
    }

    @Test
    void aSectionCannotWriteEvenThroughAFunctionOrAWritingCte() {
        long before = count("SELECT count(*) FROM audit_logs");

        ExportFault viaFunction = fault(section("sneaky", "SELECT sneaky_write(#{userId})"));
        ExportFault viaCte = fault(section("sneaky", "WITH gone AS (DELETE FROM audit_logs WHERE user_id = #{userId}"
                + " RETURNING *) SELECT * FROM gone"));
        ExportFault viaSequence = fault(section("sneaky", "SELECT nextval('audit_logs_id_seq'), #{userId}"));

        assertThat(viaFunction.isPermanent()).isTrue();
        assertThat(viaFunction.getMessage()).contains("25006 (read_only_sql_transaction)", "read-only transaction");
        assertThat(viaCte.isPermanent()).isTrue();
        assertThat(viaSequence.getMessage()).contains("25006");
        assertThat(count("SELECT count(*) FROM audit_logs")).isEqualTo(before);
    }

    @Test
    void aSinkFailureStopsTheStreamAndTheConnectionServesTheNextSection() {
        IllegalStateException refused = new IllegalStateException("disk full");

        Throwable failure = catchThrowable(() -> stream(source, section("audit_logs",
                "SELECT id FROM audit_logs WHERE user_id = #{userId}"), ALICE, batch -> Future.failedFuture(refused))
                .await());

        assertThat(failure).isInstanceOf(ExportFault.class).hasMessageContaining("section 'audit_logs'");
        // The pool has one connection: the cursor of the failed stream must be closed for this one to work.
        assertThat(collect(section("again", "SELECT id FROM audit_logs WHERE user_id = #{userId}"), ALICE)
                .stream().mapToInt(RowBatch::size).sum()).isEqualTo(7);
    }

    @Test
    void anUnreachableDatabaseIsATransientFault() {
        AvailabilityTrackingPool nowhere = PersonalDataPostgresAdapter.pool(vertx,
                PostgresLocation.parse("postgresql://nobody@127.0.0.1:1/none"), 1);
        try {
            PersonalDataPostgresAdapter unreachable = new PersonalDataPostgresAdapter(nowhere, NO_QUERIES, BATCH, 1);
            Throwable failure = catchThrowable(() -> stream(unreachable,
                    section("account", "SELECT * FROM users WHERE id = #{userId}"), ALICE,
                    batch -> Future.succeededFuture()).await());

            assertThat(failure).isInstanceOf(ExportFault.class);
            assertThat(((ExportFault) failure).isPermanent()).isFalse();
            assertThat(failure).hasMessageStartingWith("section 'account': source database unavailable");
        } finally {
            nowhere.close().await();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    static ExportFault fault(Section section) {
        Throwable failure = catchThrowable(() -> stream(source, section, ALICE, batch -> Future.succeededFuture()).await());
        assertThat(failure).isInstanceOf(ExportFault.class);
        return (ExportFault) failure;
    }

    static long count(String sql) {
        try (Connection connection = TestPostgres.connect(db.location());
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The source connection once its prefetch is over: it should then sit idle, outside any transaction. */
    static Map<String, Object> awaitIdleSourceBackend() throws Exception {
        String sql = "SELECT state, xact_start, backend_xmin::text AS backend_xmin FROM pg_stat_activity"
                + " WHERE application_name = '" + PersonalDataPostgresAdapter.APPLICATION_NAME + "'"
                + " AND datname = current_database()";
        try (Connection connection = TestPostgres.connect(db.location())) {
            for (int i = 0; i < 600; i++) {
                try (ResultSet result = connection.createStatement().executeQuery(sql)) {
                    if (result.next() && !"active".equals(result.getString("state"))) {
                        Map<String, Object> backend = new java.util.HashMap<>();
                        backend.put("state", result.getString("state"));
                        backend.put("xact_start", result.getObject("xact_start"));
                        backend.put("backend_xmin", result.getString("backend_xmin"));
                        return backend;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the source connection never became idle");
    }

}
