package dev.dsar.adapters.persistence;

import dev.dsar.domain.ExportSection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The query of each section, by section name: what the source adapter runs for a domain section. */
public final class SectionQueries {

    private final Map<String, SectionQuery> byName = new LinkedHashMap<>();

    public SectionQueries(List<SectionQuery> queries) {
        for (SectionQuery query : queries) {
            if (byName.putIfAbsent(query.section(), query) != null) {
                throw new IllegalArgumentException("section '" + query.section() + "': the name is used twice");
            }
        }
    }

    /** The query of a section read from the same file; any other section is a wiring mistake. */
    public SectionQuery of(ExportSection section) {
        SectionQuery query = byName.get(section.name());
        if (query == null) {
            throw new IllegalStateException("section '" + section.name() + "' has no query");
        }
        return query;
    }
}
