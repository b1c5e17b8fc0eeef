package dev.dsar.adapters.persistence;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.impl.SqlClientInternal;
import io.vertx.sqlclient.spi.Driver;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * A pool whose every outcome goes through one {@link DatabaseAvailability}: a failure that means the database
 * is unreachable comes out as the domain's {@code DatabaseUnavailable}, and every success tells the tracker the
 * database is back. Wrapping the pool, rather than each adapter method, keeps the rule in one place for every
 * statement, present and future. Statements run on a connection taken with {@link #getConnection()} are not
 * seen (only the taking is): the adapters that do so classify their own failures.
 *
 * <p>It is also a {@code SqlClientInternal}, the client's internal interface, because {@code SqlTemplate}
 * casts its client to it to learn the driver's parameter syntax; this is the only class that reaches into it.
 */
final class AvailabilityTrackingPool implements Pool, SqlClientInternal {

    private final Pool pool;
    private final DatabaseAvailability availability;

    AvailabilityTrackingPool(Pool pool, DatabaseAvailability availability) {
        this.pool = pool;
        this.availability = availability;
    }

    DatabaseAvailability availability() {
        return availability;
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return tracked(pool.getConnection());
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return new TrackedQuery<>(pool.query(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return new TrackedPreparedQuery<>(pool.preparedQuery(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return new TrackedPreparedQuery<>(pool.preparedQuery(sql, options));
    }

    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return tracked(pool.withTransaction(function));
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
        return tracked(pool.withTransaction(propagation, function));
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return tracked(pool.withConnection(function));
    }

    @Override
    public Driver driver() {
        return ((SqlClientInternal) pool).driver();
    }

    @Override
    public void group(Handler<SqlClient> block) {
        ((SqlClientInternal) pool).group(block);
    }

    @Override
    public int size() {
        return pool.size();
    }

    @Override
    public Future<Void> close() {
        return pool.close();
    }

    private <T> Future<T> tracked(Future<T> outcome) {
        return outcome.transform(done -> {
            if (done.succeeded()) {
                availability.answered();
                return Future.succeededFuture(done.result());
            }
            return Future.failedFuture(availability.failed(done.cause()));
        });
    }

    private class TrackedQuery<T> implements Query<T> {

        private final Query<T> query;

        TrackedQuery(Query<T> query) {
            this.query = query;
        }

        @Override
        public Future<T> execute() {
            return tracked(query.execute());
        }

        @Override
        public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new TrackedQuery<>(query.collecting(collector));
        }

        @Override
        public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new TrackedQuery<>(query.mapping(mapper));
        }
    }

    private final class TrackedPreparedQuery<T> extends TrackedQuery<T> implements PreparedQuery<T> {

        private final PreparedQuery<T> query;

        TrackedPreparedQuery(PreparedQuery<T> query) {
            super(query);
            this.query = query;
        }

        @Override
        public Future<T> execute(Tuple parameters) {
            return tracked(query.execute(parameters));
        }

        @Override
        public Future<T> executeBatch(List<Tuple> batch) {
            return tracked(query.executeBatch(batch));
        }

        @Override
        public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new TrackedPreparedQuery<>(query.collecting(collector));
        }

        @Override
        public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new TrackedPreparedQuery<>(query.mapping(mapper));
        }
    }
}
