package dev.dsar.adapters.filesystem;

import dev.dsar.domain.ExportSection;
import java.util.List;

/**
 * One section's data in {@code index.html}: a single record as a two-column table of field and value, several
 * as a table with a header row of labels, captioned with how many of the records it shows.
 */
final class SectionTable {

    private final StringBuilder page;
    private final ExportSection definition;
    private final long records;
    private final SectionPreview preview;

    SectionTable(StringBuilder page, ExportSection definition, long records, SectionPreview preview) {
        this.page = page;
        this.definition = definition;
        this.records = records;
        this.preview = preview;
    }

    void render() {
        List<String[]> rows = preview == null ? List.of() : preview.rows();
        if (records == 0 || rows.isEmpty() || preview.columns().isEmpty()) {
            page.append("<p>").append(records == 0 ? "We hold no record of this kind about you."
                    : "The records are not shown on this page; they are in the files below.").append("</p>\n");
            return;
        }
        List<String> columns = preview.columns();
        page.append("<div class=\"data\">\n<table>\n<caption>");
        if (definition.single()) {
            page.append("Your record</caption>\n<tbody>\n");
            String[] row = rows.get(0);
            for (int i = 0; i < columns.size(); i++) {
                page.append("<tr><th scope=\"row\">");
                label(columns.get(i));
                page.append("</th><td>");
                cell(columns.get(i), row[i]);
                page.append("</td></tr>\n");
            }
        } else {
            page.append(rows.size() == records ? "All " + records + (records == 1 ? " record" : " records")
                    : "The first " + rows.size() + " of " + records + " records; all of them are in the files below");
            page.append("</caption>\n<thead><tr>");
            for (String column : columns) {
                page.append("<th scope=\"col\">");
                label(column);
                page.append("</th>");
            }
            page.append("</tr></thead>\n<tbody>\n");
            for (String[] row : rows) {
                page.append("<tr>");
                for (int i = 0; i < columns.size(); i++) {
                    page.append("<td>");
                    cell(columns.get(i), row[i]);
                    page.append("</td>");
                }
                page.append("</tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n</div>\n");
    }

    private void label(String column) {
        page.append("<bdi>").append(Html.escape(definition.labelOf(column))).append("</bdi>");
    }

    private void cell(String column, String rendered) {
        if (definition.isRedacted(column)) {
            page.append("<span class=\"redacted\">").append(Html.escape(ExportSection.REDACTED))
                    .append("</span> <span class=\"note\">(withheld)</span>");
        } else {
            page.append(rendered);
        }
    }
}
