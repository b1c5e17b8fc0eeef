package dev.dsar.adapters.filesystem;

import dev.dsar.application.port.out.RowBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The first rows of one section as {@code index.html} shows them, rendered while the rows stream past: at most
 * {@link #MAX_ROWS} rows, and no more once the page's shared {@link Budget} of characters is spent, so that the
 * page stays small enough for a browser and the heap stays bounded whatever the size of the export.
 */
final class SectionPreview {

    static final int MAX_ROWS = 50;

    /** Characters of rendered cells the whole page may hold, shared by its sections. */
    static final class Budget {
        static final long PAGE_CHARACTERS = 1L << 20;
        private long left;

        Budget(long characters) {
            left = characters;
        }

        Budget() {
            this(PAGE_CHARACTERS);
        }

        boolean spend(long characters) {
            if (characters > left) {
                left = 0;
                return false;
            }
            left -= characters;
            return true;
        }
    }

    private final HumanValues values;
    private final Budget budget;
    private List<String> columns = List.of();
    private final List<String[]> rows = new ArrayList<>();
    private boolean full;

    SectionPreview(HumanValues values, Budget budget) {
        this.values = values;
        this.budget = budget;
    }

    void accept(RowBatch batch) {
        if (columns.isEmpty()) {
            columns = List.copyOf(batch.columns());
        }
        for (Object[] row : batch.rows()) {
            if (full) {
                return;
            }
            String[] cells = new String[row.length];
            long size = 0;
            for (int i = 0; i < row.length; i++) {
                cells[i] = values.cell(row[i]);
                size += cells[i].length();
            }
            if (rows.size() >= MAX_ROWS || !budget.spend(size)) {
                full = true;
                return;
            }
            rows.add(cells);
        }
    }

    List<String> columns() {
        return columns;
    }

    /** Rendered (escaped) cells, in column order. */
    List<String[]> rows() {
        return rows;
    }
}
