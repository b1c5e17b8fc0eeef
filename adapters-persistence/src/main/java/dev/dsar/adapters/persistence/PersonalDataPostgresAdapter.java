package dev.dsar.adapters.persistence;

import dev.dsar.application.port.out.JsonText;
import dev.dsar.application.port.out.PersonalDataSourcePort;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.DatabaseUnavailable.Database;
import dev.dsar.domain.ExportFault;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.desc.ColumnDescriptor;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The host application's database, read section by section without ever keeping a transaction open while the
 * rows are written (docs/adr/0006), so that an export of any size neither holds a snapshot nor pins the xmin
 * horizon for long:
 * <ul>
 * <li>a section with a {@code key} is read page by page, each page one short statement
 *     ({@code WHERE key >= last ORDER BY key LIMIT n}) that needs no transaction of its own;</li>
 * <li>any other section is declared as a {@code WITH HOLD} cursor in a short read-only transaction: PostgreSQL
 *     runs the query once and keeps the result when the transaction commits, and the rows are then fetched in
 *     batches outside of any transaction.</li>
 * </ul>
 * Either way the next batch is fetched while the sink handles the current one, and no further. Batches hold
 * about {@link #BATCH_BYTES} of values: their number of rows adapts to the width of the rows.
 *
 * <p>Sections can never write: every transaction of this pool's sessions is read-only
 * ({@code default_transaction_read_only}), and the cursor's own transaction says so again. The user id is bound
 * as a parameter. Each section's SQL is its {@link SectionQuery}, found by the section's name.
 *
 * <p>Over 300 lines because the two reading strategies share one pipeline (fetch ahead by one batch, bounded by
 * bytes, faults mapped once); apart, each would repeat it.
 */
public final class PersonalDataPostgresAdapter implements PersonalDataSourcePort {

    /** Rows of the first batch of a section, before the width of its rows is known. */
    public static final int FIRST_BATCH_ROWS = 1000;
    /** What a batch should hold, roughly (strings, bytes and JSON text counted by length, other values as 8). */
    public static final long BATCH_BYTES = 1 << 21;
    static final int MIN_BATCH_ROWS = 16;
    static final int MAX_BATCH_ROWS = 8192;
    static final String APPLICATION_NAME = "dsar-export-source";
    private static final String ALIAS = "dsar_section";
    private static final AtomicLong CURSORS = new AtomicLong();

    private final Pool pool;
    private final DatabaseAvailability availability;
    private final SectionQueries queries;
    private final int firstBatchRows;
    private final long batchBytes;

    PersonalDataPostgresAdapter(AvailabilityTrackingPool pool, SectionQueries queries, int firstBatchRows,
                                long batchBytes) {
        this.pool = pool;
        this.availability = pool.availability();
        this.queries = queries;
        this.firstBatchRows = firstBatchRows;
        this.batchBytes = batchBytes;
    }

    /** Its own pool on the source database (which may be the service's): lazily connected. */
    public static PersonalDataPostgresAdapter connect(Vertx vertx, PostgresLocation source, int poolSize,
                                                      SectionQueries queries) {
        return new PersonalDataPostgresAdapter(pool(vertx, source, poolSize), queries, FIRST_BATCH_ROWS, BATCH_BYTES);
    }

    static AvailabilityTrackingPool pool(Vertx vertx, PostgresLocation source, int poolSize) {
        PgConnectOptions options = source.connectOptions()
                // One round trip per batch. Cursors have names of their own, so that a cached FETCH is never
                // reused for a cursor of another shape.
                .setCachePreparedStatements(true)
                .addProperty("application_name", APPLICATION_NAME)
                .addProperty("default_transaction_read_only", "on");
        options.setMetricsName("dsar-source");
        return PostgresPools.build(vertx, options,
                new PoolOptions().setMaxSize(poolSize).setName("dsar-source").setShared(false),
                PostgresPools.availability(Database.SOURCE, source));
    }

    /** Whether the source database answered at the last contact (for the {@code dsar_database_up} gauge). */
    public DatabaseAvailability availability() {
        return availability;
    }

    /**
     * Start-up check of one section: its query is parsed, planned and described by the source database without
     * running it (a prepared statement, closed at once), so a syntax error, an unknown table or column shows
     * before the first export. Fails with the same one-line {@link ExportFault} an export would, or with
     * {@code DatabaseUnavailable} when the source database cannot be reached.
     */
    public Future<Void> describe(ExportSection section) {
        String sql = queries.of(section).positional();
        return pool.withConnection(connection -> connection.prepare(sql).compose(prepared -> prepared.close()))
                .recover(failure -> Future.failedFuture(failure instanceof dev.dsar.domain.DatabaseUnavailable
                        ? failure : SourceFaults.of(section, failure)));
    }

    /**
     * Succeeds when the source database answers a trivial query (readiness, start-up). Fails with
     * {@code DatabaseUnavailable}, or with a one-line reason (wrong password, unknown database).
     */
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute().<Void>mapEmpty().recover(failure -> Future.failedFuture(
                failure instanceof dev.dsar.domain.DatabaseUnavailable ? failure
                        : new IllegalStateException(DatabaseFaults.describe(failure))));
    }

    @Override
    public Future<Long> stream(ExportSection section, UserId user, Function<RowBatch, Future<Void>> sink) {
        return stream(section, queries.of(section), user, sink);
    }

    Future<Long> stream(ExportSection section, SectionQuery query, UserId user, Function<RowBatch, Future<Void>> sink) {
        return pool.getConnection()
                .compose(connection -> {
                    Reader reader = section.key().isPresent()
                            ? new KeyedPages(connection, section, query, user, sink, section.key().get())
                            : new HeldCursor(connection, section, query, user, sink);
                    return reader.read().eventually(connection::close);
                })
                .recover(failure -> Future.failedFuture(SourceFaults.of(section, failure)));
    }

    static String quotedIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public Future<Void> close() {
        return pool.close();
    }

    /** A batch being fetched, and how many rows were asked for (fewer means it is the last). */
    private record Fetch(Future<RowSet<Row>> rows, int asked) {
    }

    /** One section's rows through one connection, batch after batch, one batch ahead at most. */
    private abstract class Reader {
        final SqlConnection connection;
        final ExportSection section;
        final SectionQuery query;
        final UserId user;
        private final Function<RowBatch, Future<Void>> sink;
        private final BitSet jsonText = new BitSet();
        /** Rows to ask for next: adapts to the width of the rows seen. */
        int batchRows = firstBatchRows;
        private long rows;

        Reader(SqlConnection connection, ExportSection section, SectionQuery query, UserId user,
               Function<RowBatch, Future<Void>> sink) {
            this.connection = connection;
            this.section = section;
            this.query = query;
            this.user = user;
            this.sink = sink;
        }

        abstract Future<Void> open(String projected);

        abstract Fetch first();

        /** The fetch after {@code current} (already checked), or null when {@code current} was the last. */
        abstract Fetch next(Fetch current, RowSet<Row> rows);

        /** Checks a batch (throws an {@link ExportFault}) and says how many of its first rows to leave out. */
        abstract int check(RowSet<Row> rowSet, boolean first);

        abstract Future<Void> close();

        Future<Long> read() {
            return project()
                    .compose(this::open)
                    .compose(opened -> {
                        Promise<Void> done = Promise.promise();
                        pump(first(), true, done);
                        return done.future();
                    })
                    .eventually(this::close)
                    .map(finished -> rows);
        }

        /**
         * Hands over one batch while the next is already being fetched, and waits for the sink before going on.
         * Callbacks rather than a chain of composed futures: a chain as long as the export would keep every
         * batch reachable until the end.
         */
        private void pump(Fetch fetch, boolean first, Promise<Void> done) {
            fetch.rows().onComplete((rowSet, failure) -> {
                if (failure != null) {
                    done.fail(failure);
                    return;
                }
                RowBatch batch;
                Fetch next = null;
                try {
                    batch = plain(rowSet, check(rowSet, first));
                    next = next(fetch, rowSet);
                } catch (RuntimeException invalid) {
                    settleThen(next, invalid, done);
                    return;
                }
                if (batch.size() == 0 && !first) {
                    settleThen(next, null, done);
                    return;
                }
                rows += batch.size();
                Fetch following = next;
                sink.apply(batch).onComplete((accepted, refused) -> {
                    if (refused != null) {
                        settleThen(following, refused, done);
                    } else if (following == null) {
                        done.complete();
                    } else {
                        pump(following, false, done);
                    }
                });
            });
        }

        /** Lets a fetch in flight settle before the reader closes; then fails (or, without a failure, ends). */
        private void settleThen(Fetch inFlight, Throwable failure, Promise<Void> done) {
            Future<?> settled = inFlight == null ? Future.succeededFuture() : inFlight.rows();
            settled.onComplete((ignored, alsoFailed) -> {
                if (failure == null) {
                    done.complete();
                } else {
                    done.fail(failure);
                }
            });
        }

        /**
         * The section's query as it is run: the same rows and columns, but {@code jsonb} columns as their text,
         * which is written into the package as is rather than parsed here and written again (a LIMIT 0 probe
         * learns the columns without running the query).
         */
        private Future<String> project() {
            String all = "SELECT * FROM (" + query.typed() + ") AS " + ALIAS;
            return SqlTemplate.forQuery(connection, all + " LIMIT 0").execute(Map.of("userId", user.value()))
                    .map(probe -> {
                        List<ColumnDescriptor> columns = probe.columnDescriptors();
                        Set<String> names = new HashSet<>();
                        StringBuilder projection = new StringBuilder();
                        for (int i = 0; i < columns.size(); i++) {
                            ColumnDescriptor column = columns.get(i);
                            if (!names.add(column.name())) {
                                jsonText.clear();
                                return all; // ambiguous by name: left as it is (and refused by the service)
                            }
                            String quoted = ALIAS + "." + quotedIdentifier(column.name());
                            projection.append(i == 0 ? "" : ", ");
                            if ("JSONB".equals(column.typeName())) {
                                jsonText.set(i);
                                projection.append(quoted).append("::text AS ").append(quotedIdentifier(column.name()));
                            } else {
                                projection.append(quoted);
                            }
                        }
                        return jsonText.isEmpty() ? all
                                : "SELECT " + projection + " FROM (" + query.typed() + ") AS " + ALIAS;
                    });
        }

        /** Plain values of the rows after the first {@code skip}; sizes the next batch after their width. */
        private RowBatch plain(RowSet<Row> rowSet, int skip) {
            List<String> columns = rowSet.columnsNames();
            int width = columns.size();
            List<Object[]> values = new ArrayList<>(Math.max(0, rowSet.size() - skip));
            long bytes = 0;
            int index = 0;
            for (Row row : rowSet) {
                if (index++ < skip) {
                    continue;
                }
                Object[] plain = new Object[width];
                for (int i = 0; i < width; i++) {
                    Object value = row.getValue(i);
                    if (value instanceof String text) {
                        bytes += text.length();
                        plain[i] = jsonText.get(i) ? new JsonText(text) : text;
                    } else {
                        plain[i] = SourceValues.plain(value);
                        bytes += plain[i] instanceof byte[] binary ? binary.length : 8;
                    }
                }
                values.add(plain);
            }
            if (!values.isEmpty()) {
                long perRow = Math.max(1, bytes / values.size());
                int fewest = Math.min(MIN_BATCH_ROWS, firstBatchRows);
                batchRows = (int) Math.max(fewest, Math.min(MAX_BATCH_ROWS, batchBytes / perRow));
            }
            return new RowBatch(columns, values);
        }
    }

    /** A section without a key: its whole result kept by PostgreSQL in a cursor that outlives its transaction. */
    private final class HeldCursor extends Reader {
        private final String cursor = "dsar_section_" + CURSORS.incrementAndGet();

        HeldCursor(SqlConnection connection, ExportSection section, SectionQuery query, UserId user,
                   Function<RowBatch, Future<Void>> sink) {
            super(connection, section, query, user, sink);
        }

        /**
         * The query runs once, to completion, inside this short transaction; COMMIT keeps its result (a failed
         * COMMIT ends the transaction by itself).
         */
        @Override
        Future<Void> open(String projected) {
            return connection.query("BEGIN READ ONLY").execute()
                    .compose(begun -> SqlTemplate.forUpdate(connection,
                                    "DECLARE " + cursor + " NO SCROLL CURSOR WITH HOLD FOR " + projected)
                            .execute(Map.of("userId", user.value()))
                            .recover(failure -> connection.query("ROLLBACK").execute()
                                    .transform(rolledBack -> Future.failedFuture(failure))))
                    .compose(declared -> connection.query("COMMIT").execute())
                    .mapEmpty();
        }

        @Override
        Fetch first() {
            return fetch();
        }

        @Override
        Fetch next(Fetch current, RowSet<Row> rows) {
            return rows.size() < current.asked() ? null : fetch();
        }

        /** FETCH takes no parameter: its count is rounded to a power of two to keep the statements few. */
        private Fetch fetch() {
            int asked = batchRows < MIN_BATCH_ROWS ? batchRows : Integer.highestOneBit(batchRows);
            return new Fetch(connection.preparedQuery("FETCH FORWARD " + asked + " FROM " + cursor).execute(), asked);
        }

        @Override
        int check(RowSet<Row> rowSet, boolean first) {
            return 0;
        }

        @Override
        Future<Void> close() {
            return connection.query("CLOSE " + cursor).execute().otherwiseEmpty().mapEmpty();
        }
    }

    /**
     * A section with a key: pages in key order, each read by one statement starting at the previous page's last
     * key ({@code >=}, so that a duplicate of it is seen and reported rather than skipped; the repeated row is
     * left out).
     */
    private final class KeyedPages extends Reader {
        private final String key;
        private String firstPage;
        private String nextPage;
        private int keyColumn = -1;
        private Object lastKey;

        KeyedPages(SqlConnection connection, ExportSection section, SectionQuery query, UserId user,
                   Function<RowBatch, Future<Void>> sink, String key) {
            super(connection, section, query, user, sink);
            this.key = key;
        }

        @Override
        Future<Void> open(String projected) {
            String column = ALIAS + "." + quotedIdentifier(key);
            firstPage = projected + " ORDER BY " + column + " LIMIT #{rows}";
            nextPage = projected + " WHERE " + column + " >= #{after} ORDER BY " + column + " LIMIT #{rows}";
            return Future.succeededFuture();
        }

        @Override
        Fetch first() {
            return new Fetch(SqlTemplate.forQuery(connection, firstPage)
                    .execute(Map.of("userId", user.value(), "rows", batchRows)), batchRows);
        }

        @Override
        Fetch next(Fetch current, RowSet<Row> rows) {
            if (rows.size() < current.asked()) {
                return null;
            }
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("userId", user.value());
            parameters.put("after", lastKey);
            parameters.put("rows", batchRows + 1);
            return new Fetch(SqlTemplate.forQuery(connection, nextPage).execute(parameters), batchRows + 1);
        }

        /**
         * Keys must be present and unique: in key order a duplicate is the next row, or, at the start of a page,
         * a second row equal to the previous page's last key (the first one is that very row again).
         */
        @Override
        int check(RowSet<Row> rowSet, boolean first) {
            if (keyColumn < 0) {
                keyColumn = rowSet.columnsNames().indexOf(key);
                if (keyColumn < 0) {
                    throw ExportFault.permanent("section '" + section.name() + "': key column '" + key
                            + "' is not among the query's columns (" + String.join(", ", rowSet.columnsNames()) + ")");
                }
            }
            Object previous = null;
            int again = 0;
            boolean leading = !first;
            for (Row row : rowSet) {
                Object value = row.getValue(keyColumn);
                if (value == null) {
                    throw ExportFault.permanent("section '" + section.name() + "': key column '" + key
                            + "' is null in some rows; the key must be a unique column that is never null");
                }
                boolean duplicate;
                if (leading && value.equals(lastKey)) {
                    again++;
                    duplicate = again > 1;
                } else {
                    leading = false;
                    duplicate = value.equals(previous);
                }
                if (duplicate) {
                    throw ExportFault.permanent("section '" + section.name() + "': key column '" + key
                            + "' is not unique; the key must be a unique column that is never null");
                }
                previous = value;
            }
            if (previous != null) {
                lastKey = previous;
            }
            return again;
        }

        @Override
        Future<Void> close() {
            return Future.succeededFuture();
        }
    }
}
