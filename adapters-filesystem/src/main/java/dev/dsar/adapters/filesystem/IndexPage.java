package dev.dsar.adapters.filesystem;

import dev.dsar.application.port.out.PackageDescription;
import dev.dsar.domain.DataController;
import dev.dsar.domain.ExportSection;
import dev.dsar.domain.Processing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * {@code index.html}: the package as an answer to a request under GDPR Art. 15 that a person reads in any
 * browser, offline, and can print: who holds the data and how to reach them, the request in words, per section
 * why the data is processed, on which basis, who receives it, how long it is kept and where it came from, then
 * the data itself as tables (the first rows of large sections, {@link SectionPreview}), how to read the files,
 * and the person's rights. No script, no external resource; every value escaped by {@link Html} and isolated
 * in {@code <bdi>}.
 */
final class IndexPage {

    static final String NOT_STATED = "Not stated in this package; ask the controller (see \u201cWho holds your"
            + " data\u201d).";

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:64rem;margin:2rem auto;\
            padding:0 1rem;line-height:1.5;color:#1f2328;background:#fff}
            h1,h2,h3{line-height:1.25}h2{margin-top:2.5rem;border-bottom:1px solid #d0d7de}
            table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:600;\
            padding:.3rem 0}
            th,td{border:1px solid #8c959f;padding:.35rem .5rem;text-align:left;vertical-align:top}
            th{background:#eaeef2}td.n{text-align:right}code{font-size:.9em;word-break:break-all}
            dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:600}\
            dl.facts dd{margin:0}
            .data{overflow-x:auto}.none,.more,.note{color:#57606a}.redacted{font-family:monospace;background:#fff8c5}
            ul.nested,ol.nested{margin:0;padding-left:1.2rem}.key{font-weight:600}
            a{color:#0550ae}
            @media print{body{max-width:none;margin:0;font-size:10pt}.data{overflow:visible}a{color:inherit}\
            h2{break-after:avoid}tr{break-inside:avoid}}
            """;

    private final PackageDescription description;
    private final Map<String, SectionPreview> previews;
    private final boolean csv;
    private final StringBuilder page = new StringBuilder(16_384);

    IndexPage(PackageDescription description, Map<String, SectionPreview> previews, boolean csv) {
        this.description = description;
        this.previews = previews;
        this.csv = csv;
    }

    byte[] render() {
        String reference = Html.escape(description.reference().value());
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Your personal data: export ").append(reference).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>Your personal data</h1>\n")
                .append("<p>This folder holds a copy of the personal data we keep about you, as you asked under the ")
                .append("right of access (Article 15 of the General Data Protection Regulation, GDPR), and what the ")
                .append("law says you must be told about it. All dates and times are in Coordinated Universal Time ")
                .append("(<abbr title=\"Coordinated Universal Time\">UTC</abbr>).</p>\n");
        controller();
        request();
        contents();
        for (PackageDescription.Section section : description.sections()) {
            section(section);
        }
        reading();
        rights();
        page.append("</main>\n</body>\n</html>\n");
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void controller() {
        page.append("<h2 id=\"controller\">Who holds your data</h2>\n");
        Optional<DataController> controller = description.controller();
        if (controller.isEmpty()) {
            page.append("<p>The operator of this service has not named the controller in this package. Ask the ")
                    .append("service you made your request to.</p>\n");
            return;
        }
        DataController known = controller.get();
        page.append("<dl class=\"facts\">\n");
        fact("Controller", Optional.of(known.name()));
        fact("Contact", known.contact());
        fact("Data protection officer", known.dpoContact());
        fact("Supervisory authority", known.supervisoryAuthority());
        page.append("</dl>\n");
    }

    private void request() {
        page.append("<h2 id=\"request\">Your request</h2>\n<p>")
                .append(Html.escape(RequestWords.asked(description.requestedBy()))).append(" on ")
                .append(when(description.requestedAt())).append(" (reference <code>")
                .append(Html.escape(description.reference().value())).append("</code>). It covers the account with ")
                .append("the number ").append(description.userId().value()).append(". We started preparing it on ")
                .append(when(description.startedAt())).append(" and finished on ").append(when(description.generatedAt()))
                .append(".</p>\n");
    }

    private void contents() {
        page.append("<h2 id=\"contents\">What is inside</h2>\n<table>\n<caption>The sections of your data, one file ")
                .append("each</caption>\n<thead><tr><th scope=\"col\">Section</th><th scope=\"col\">What it holds</th>")
                .append("<th scope=\"col\">Records</th><th scope=\"col\">Files</th></tr></thead>\n<tbody>\n");
        for (PackageDescription.Section section : description.sections()) {
            ExportSection definition = section.definition();
            String name = Html.escape(definition.name());
            page.append("<tr><th scope=\"row\"><a href=\"#section-").append(name).append("\">").append(name)
                    .append("</a></th><td><bdi>").append(Html.escape(what(definition))).append("</bdi></td><td class=\"n\">")
                    .append(section.file().records()).append("</td><td>");
            files(definition);
            page.append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }

    private void files(ExportSection definition) {
        String json = Html.escape(definition.fileName());
        page.append("<a href=\"").append(json).append("\">").append(json).append("</a>");
        if (csv && !definition.single()) {
            String file = Html.escape(definition.name() + ".csv");
            page.append(", <a href=\"").append(file).append("\">").append(file).append("</a>");
        }
    }

    private void section(PackageDescription.Section section) {
        ExportSection definition = section.definition();
        String name = Html.escape(definition.name());
        page.append("<section aria-labelledby=\"section-").append(name).append("\">\n<h2 id=\"section-").append(name)
                .append("\">").append(name).append("</h2>\n<p><bdi>").append(Html.escape(what(definition)))
                .append("</bdi></p>\n<dl class=\"facts\">\n");
        Processing processing = definition.processing();
        fact("Why we process it", processing.purpose());
        fact("Legal basis", processing.legalBasis());
        fact("Who receives it", processing.recipients());
        fact("How long we keep it", processing.retention());
        fact("Where it comes from", processing.source());
        page.append("</dl>\n");
        if (!definition.redact().isEmpty()) {
            page.append("<p class=\"note\">Values shown as <span class=\"redacted\">")
                    .append(Html.escape(ExportSection.REDACTED)).append("</span> are withheld: ");
            for (int i = 0; i < definition.redact().size(); i++) {
                page.append(i == 0 ? "" : ", ").append("<bdi>")
                        .append(Html.escape(definition.labelOf(definition.redact().get(i)))).append("</bdi>");
            }
            page.append(". They are security secrets (such as the hash of an access token) whose disclosure would ")
                    .append("put your account at risk; the rest of the record is shown.</p>\n");
        }
        new SectionTable(page, definition, section.file().records(), previews.get(definition.name())).render();
        page.append("<p class=\"note\">The complete data: ");
        files(definition);
        page.append(".</p>\n</section>\n");
    }

    private void reading() {
        page.append("<h2 id=\"reading\">How to read the files</h2>\n<ul>\n")
                .append("<li>Each <code>.json</code> file holds one section of your data in JSON, a plain-text format: ")
                .append("open it with a text editor or a web browser. Times there are written like ")
                .append("<code>2026-03-01T10:00:00Z</code> (UTC).</li>\n");
        if (csv) {
            page.append("<li>Each <code>.csv</code> file holds the same records as a table for a spreadsheet ")
                    .append("(UTF-8, one header row of column names). A text that starts with <code>=</code>, ")
                    .append("<code>+</code>, <code>-</code> or <code>@</code> has an apostrophe (<code>'</code>) ")
                    .append("added in front, so that a spreadsheet shows it instead of running it as a formula.</li>\n");
        }
        page.append("<li>An empty value is shown as \u2014 on this page and written <code>null</code> in the JSON ")
                .append("files.</li>\n")
                .append("<li><a href=\"").append(PackageDocuments.REQUEST).append("\">").append(PackageDocuments.REQUEST)
                .append("</a> describes your request; <a href=\"").append(PackageDocuments.META).append("\">")
                .append(PackageDocuments.META).append("</a> lists every file with its SHA-256 checksum, so that ")
                .append("anyone can check that nothing was altered, and repeats this page's information for ")
                .append("software.</li>\n</ul>\n");
    }

    private void rights() {
        page.append("<h2 id=\"rights\">Your rights</h2>\n<p>Under the GDPR you may ask us, free of charge:</p>\n<ul>\n")
                .append("<li>to <strong>correct</strong> data that is wrong or incomplete (Article 16);</li>\n")
                .append("<li>to <strong>erase</strong> your data, for example when we no longer need it or you ")
                .append("withdraw your consent (Article 17);</li>\n")
                .append("<li>to <strong>restrict</strong> its processing while a question about it is settled ")
                .append("(Article 18);</li>\n")
                .append("<li>to <strong>receive</strong> the data you gave us in a machine-readable format, or have it ")
                .append("sent to another service (Article 20; the JSON files of this package are that format);</li>\n")
                .append("<li>to <strong>object</strong> to processing based on our legitimate interests, and always to ")
                .append("direct marketing (Article 21);</li>\n")
                .append("<li>to <strong>withdraw</strong> a consent you gave, at any time, for the future.</li>\n")
                .append("</ul>\n<p>");
        Optional<DataController> controller = description.controller();
        Optional<String> contact = controller.flatMap(DataController::contact);
        if (contact.isPresent()) {
            page.append("To use these rights, write to <bdi>").append(Html.escape(contact.get()))
                    .append("</bdi> and quote the reference <code>")
                    .append(Html.escape(description.reference().value())).append("</code>.");
        } else {
            page.append("To use these rights, contact the service you made this request to and quote the reference ")
                    .append("<code>").append(Html.escape(description.reference().value())).append("</code>.");
        }
        Optional<String> dpo = controller.flatMap(DataController::dpoContact);
        dpo.ifPresent(text -> page.append(" You may also contact our data protection officer: <bdi>")
                .append(Html.escape(text)).append("</bdi>."));
        page.append("</p>\n<p>You also have the right to lodge a complaint with a supervisory authority (Article 77), ")
                .append("in particular in the country where you live or work");
        Optional<String> authority = controller.flatMap(DataController::supervisoryAuthority);
        authority.ifPresent(text -> page.append("; ours is <bdi>").append(Html.escape(text)).append("</bdi>"));
        page.append(".</p>\n");
    }

    private void fact(String term, Optional<String> value) {
        page.append("<dt>").append(term).append("</dt><dd>");
        if (value.isPresent()) {
            page.append("<bdi>").append(Html.escape(value.get())).append("</bdi>");
        } else {
            page.append("<span class=\"none\">").append(NOT_STATED).append("</span>");
        }
        page.append("</dd>\n");
    }

    private static String what(ExportSection definition) {
        return definition.description().orElse("Records of the section \u201c" + definition.name() + "\u201d.");
    }

    static String when(Instant instant) {
        return HumanValues.DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)) + " UTC";
    }
}
