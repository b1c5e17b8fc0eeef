package dev.dsar.adapters.persistence;

import dev.dsar.application.port.out.PersonalDataSourcePort;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The host application's database, read section by section. Each section's query is declared as a
 * {@code WITH HOLD} cursor in a short read-only transaction: PostgreSQL runs it once and keeps the result when
 * the transaction commits, and the rows are then fetched in batches outside of any transaction, so an export
 * of any size neither holds a snapshot nor pins the xmin horizon while it is written (docs/adr/0006).
 *
 * <p>Sections can never write: the transaction is {@code READ ONLY}, and so is every transaction of this
 * pool's sessions ({@code default_transaction_read_only}). The user id is bound as a parameter.
 */
public final class PersonalDataPostgresAdapter implements PersonalDataSourcePort {

    /** Rows per FETCH: about 200 KB for a typical audit row, two batches in memory at most. */
    public static final int BATCH_ROWS = 1000;
    static final String APPLICATION_NAME = "dsar-export-source";
    private static final String CURSOR = "dsar_section";

    private final Pool pool;
    private final int batchRows;

    PersonalDataPostgresAdapter(Pool pool, int batchRows) {
        this.pool = pool;
        this.batchRows = batchRows;
    }

    /** Its own pool on the source database (which may be the service's): lazily connected. */
    public static PersonalDataPostgresAdapter connect(Vertx vertx, PostgresLocation source, int poolSize) {
        return new PersonalDataPostgresAdapter(pool(vertx, source, poolSize), BATCH_ROWS);
    }

    static Pool pool(Vertx vertx, PostgresLocation source, int poolSize) {
        PgConnectOptions options = source.connectOptions()
                // FETCH returns the shape of whichever cursor is open: never reuse its statement description.
                .setCachePreparedStatements(false)
                .addProperty("application_name", APPLICATION_NAME)
                .addProperty("default_transaction_read_only", "on");
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize).setName("dsar-source").setShared(false))
                .connectingTo(options)
                .using(vertx)
                .build();
    }

    @Override
    public Future<Long> stream(ExportSection section, UserId user, Function<RowBatch, Future<Void>> sink) {
        return pool.getConnection()
                .compose(connection -> new SectionCursor(connection, section, user, sink).read()
                        .eventually(connection::close))
                .recover(failure -> Future.failedFuture(SourceFaults.of(section, failure)));
    }

    /**
     * The user id is always a {@code bigint} parameter, whatever the query compares it with: PostgreSQL would
     * otherwise infer a type from the context (text, say) that the client cannot bind a number to. A query
     * comparing it with a text column casts it ({@code #{userId}::text}).
     */
    static String typed(String query) {
        return query.replace(ExportSection.USER_ID_PARAMETER, "CAST(" + ExportSection.USER_ID_PARAMETER + " AS bigint)");
    }

    public Future<Void> close() {
        return pool.close();
    }

    /** One section's rows through one connection: declare, fetch batch after batch, close. */
    private final class SectionCursor {
        private final SqlConnection connection;
        private final ExportSection section;
        private final UserId user;
        private final Function<RowBatch, Future<Void>> sink;
        private long rows;

        SectionCursor(SqlConnection connection, ExportSection section, UserId user,
                      Function<RowBatch, Future<Void>> sink) {
            this.connection = connection;
            this.section = section;
            this.user = user;
            this.sink = sink;
        }

        Future<Long> read() {
            return declare()
                    .compose(declared -> pump(fetch(), true))
                    .eventually(() -> connection.query("CLOSE " + CURSOR).execute().otherwiseEmpty())
                    .map(done -> rows);
        }

        /**
         * The query runs once, to completion, inside this short transaction; COMMIT keeps its result (a failed
         * COMMIT ends the transaction by itself).
         */
        private Future<Void> declare() {
            return connection.query("BEGIN READ ONLY").execute()
                    .compose(begun -> SqlTemplate.forUpdate(connection,
                                    "DECLARE " + CURSOR + " NO SCROLL CURSOR WITH HOLD FOR " + typed(section.query()))
                            .execute(Map.of("userId", user.value()))
                            .recover(failure -> connection.query("ROLLBACK").execute()
                                    .transform(rolledBack -> Future.failedFuture(failure))))
                    .compose(declared -> connection.query("COMMIT").execute())
                    .mapEmpty();
        }

        private Future<RowSet<Row>> fetch() {
            return connection.preparedQuery("FETCH FORWARD " + batchRows + " FROM " + CURSOR).execute();
        }

        /** Hands over one batch while the next is already being fetched; waits for the sink before going on. */
        private Future<Void> pump(Future<RowSet<Row>> fetched, boolean first) {
            return fetched.compose(rowSet -> {
                boolean last = rowSet.size() < batchRows;
                if (rowSet.size() == 0 && !first) {
                    return Future.succeededFuture();
                }
                Future<RowSet<Row>> next = last ? null : fetch();
                rows += rowSet.size();
                return sink.apply(batch(rowSet)).transform(accepted -> {
                    if (accepted.failed()) {
                        // Let the fetch in flight settle before the cursor is closed; the sink's failure wins.
                        Future<?> settled = next == null ? Future.succeededFuture() : next;
                        return settled.transform(ignored -> Future.<Void>failedFuture(accepted.cause()));
                    }
                    return last ? Future.succeededFuture() : pump(next, false);
                });
            });
        }

        private RowBatch batch(RowSet<Row> rowSet) {
            List<String> columns = rowSet.columnsNames();
            int width = columns.size();
            List<Object[]> values = new ArrayList<>(rowSet.size());
            for (Row row : rowSet) {
                Object[] plain = new Object[width];
                for (int i = 0; i < width; i++) {
                    plain[i] = SourceValues.plain(row.getValue(i));
                }
                values.add(plain);
            }
            return new RowBatch(columns, values);
        }
    }
}
