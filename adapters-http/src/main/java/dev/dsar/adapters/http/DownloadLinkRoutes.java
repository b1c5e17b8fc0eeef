package dev.dsar.adapters.http;

import dev.dsar.adapters.http.links.SignedDownloadLinks;
import dev.dsar.adapters.http.metrics.HttpMetrics;
import dev.dsar.adapters.http.metrics.HttpMetrics.LinkOutcome;
import dev.dsar.application.port.in.DownloadDecision;
import dev.dsar.application.port.in.DownloadLinkOutcome;
import dev.dsar.application.port.in.IssueDownloadLinkUseCase;
import dev.dsar.domain.ReferenceId;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Signed download links (contract §7.2): the owner asks for one ({@code POST /api/dsar/requests/{ref}/link}), and
 * a download that carries one ({@code ?link=…}) and no {@code Authorization} header is let through as its owner.
 * Everything after that is the ordinary download: the same decision, headers, ranges, receipts and audit.
 */
final class DownloadLinkRoutes {

    static final String INVALID_LINK = "Invalid or expired link";

    private final IssueDownloadLinkUseCase issue;
    private final SignedDownloadLinks links;
    private final Clock clock;
    private final HttpMetrics metrics;

    DownloadLinkRoutes(IssueDownloadLinkUseCase issue, SignedDownloadLinks links, Clock clock, HttpMetrics metrics) {
        this.issue = issue;
        this.links = links;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** {@code POST /api/dsar/requests/{ref}/link}, with no body or {@code {}}: 201 with the link and its expiry. */
    void issue(RoutingContext ctx) {
        if (JsonBodies.read(ctx, RequestRoutes.SelfRequestBody.class).isEmpty()) {
            return;
        }
        Optional<ReferenceId> reference = ReferenceId.parse(ctx.pathParam("ref"));
        if (reference.isEmpty()) {
            Responses.invalidReference(ctx);
            return;
        }
        Caller caller = BearerAuthentication.caller(ctx);
        issue.issue(caller.userId(), reference.get()).onComplete(issued -> {
            if (issued.failed()) {
                ctx.fail(issued.cause());
            } else if (issued.result() instanceof DownloadLinkOutcome.Issued link) {
                metrics.link(LinkOutcome.ISSUED);
                Responses.ok(ctx, 201, new JsonObject().put("url", link.url())
                        .put("expires_at", ExportJson.iso(link.expiresAt())));
            } else {
                metrics.link(LinkOutcome.REFUSED);
                refused(ctx, ((DownloadLinkOutcome.Refused) issued.result()).decision());
            }
        });
    }

    /** Answered as a download of the same export would be (without counting it as one). */
    private static void refused(RoutingContext ctx, DownloadDecision decision) {
        decision.fold(
                ready -> {
                    throw new IllegalStateException("a ready export gets its link");
                },
                notReady -> {
                    Responses.json(ctx, 409, Responses.error("Export not ready").put("status", notReady.status().code()));
                    return null;
                },
                expired -> {
                    Responses.json(ctx, 410, DownloadRoute.expiredBody(expired));
                    return null;
                },
                notFound -> {
                    Responses.notFound(ctx);
                    return null;
                },
                missing -> {
                    Responses.error(ctx, 500, "File not available");
                    return null;
                });
    }

    /**
     * Before the bearer authentication, on the download route: a request with a {@code link} and no
     * {@code Authorization} header is the link's owner if the link verifies for this reference, else 401. A
     * request with a bearer token is left to the token (the link is then ignored); one with neither, too (401).
     */
    void authenticate(RoutingContext ctx) {
        List<String> presented = ctx.queryParam(SignedDownloadLinks.PARAMETER);
        if (presented.isEmpty() || ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            ctx.next();
            return;
        }
        Optional<ReferenceId> reference = ReferenceId.parse(ctx.pathParam("ref"));
        if (reference.isEmpty()) {
            Responses.invalidReference(ctx);
            return;
        }
        Optional<SignedDownloadLinks.Verified> verified = presented.size() == 1
                ? links.verify(reference.get(), presented.get(0), clock.instant())
                : Optional.empty();
        if (verified.isEmpty()) {
            metrics.link(LinkOutcome.REJECTED);
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Responses.error(ctx, 401, INVALID_LINK);
            return;
        }
        metrics.link(LinkOutcome.ACCEPTED);
        ctx.put(BearerAuthentication.CALLER, new Caller(verified.get().owner(), false, verified.get().expiresAt()));
        ctx.next();
    }
}
