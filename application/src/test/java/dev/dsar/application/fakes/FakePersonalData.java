package dev.dsar.application.fakes;

import dev.dsar.application.port.out.PersonalDataSourcePort;
import dev.dsar.application.port.out.RowBatch;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.UserId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The host application's data in memory: per section, its columns and rows for each user, handed over in
 * batches of {@link #batchSize} rows, each only once the sink accepted the previous one, as the port promises.
 * A test may make a section fail, or hold the stream after its first batch until it {@link #release}s it.
 */
public final class FakePersonalData implements PersonalDataSourcePort {

    private record Table(List<String> columns, Map<Long, List<Object[]>> rowsByUser) {
    }

    private final Map<String, Table> tables = new HashMap<>();
    private final Map<String, Throwable> failures = new HashMap<>();
    private final List<String> streamed = new ArrayList<>();
    private int batchSize = 2;
    private String holdAfterFirstBatchOf;
    private Promise<Void> held;

    public FakePersonalData columns(String section, String... columns) {
        tables.put(section, new Table(List.of(columns), new HashMap<>()));
        return this;
    }

    public FakePersonalData row(String section, UserId user, Object... values) {
        tables.get(section).rowsByUser().computeIfAbsent(user.value(), u -> new ArrayList<>()).add(values);
        return this;
    }

    public FakePersonalData failing(String section, Throwable failure) {
        failures.put(section, failure);
        return this;
    }

    public FakePersonalData batchSize(int rows) {
        batchSize = rows;
        return this;
    }

    /** The stream of {@code section} stops after its first batch until {@link #release()}. */
    public FakePersonalData holdAfterFirstBatchOf(String section) {
        holdAfterFirstBatchOf = section;
        return this;
    }

    public boolean holding() {
        return held != null && !held.future().isComplete();
    }

    public void release() {
        held.complete();
    }

    /** Sections streamed so far, in order. */
    public List<String> streamed() {
        return List.copyOf(streamed);
    }

    @Override
    public Future<Long> stream(ExportSection section, UserId user, Function<RowBatch, Future<Void>> sink) {
        streamed.add(section.name());
        if (failures.containsKey(section.name())) {
            return Future.failedFuture(failures.get(section.name()));
        }
        Table table = tables.get(section.name());
        List<Object[]> rows = new ArrayList<>();
        // Copies: the sink redacts in place, the table keeps the original values.
        table.rowsByUser().getOrDefault(user.value(), List.of()).forEach(row -> rows.add(Arrays.copyOf(row, row.length)));
        return send(section.name(), table.columns(), rows, 0, sink).map(done -> (long) rows.size());
    }

    private Future<Void> send(String section, List<String> columns, List<Object[]> rows, int from,
                              Function<RowBatch, Future<Void>> sink) {
        int to = Math.min(rows.size(), from + batchSize);
        Future<Void> accepted = sink.apply(new RowBatch(columns, new ArrayList<>(rows.subList(from, to))));
        if (from == 0 && section.equals(holdAfterFirstBatchOf)) {
            held = Promise.promise();
            Future<Void> first = accepted;
            accepted = held.future().compose(released -> first);
        }
        return accepted.compose(done -> to < rows.size() ? send(section, columns, rows, to, sink) : Future.succeededFuture());
    }
}
