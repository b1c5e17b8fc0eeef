package dev.dsar.bootstrap.cli;

import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.adapters.persistence.DemoDataset;
import dev.dsar.adapters.persistence.SchemaMigrations;
import dev.dsar.bootstrap.StartupChecks;
import dev.dsar.application.port.in.ExportNowOutcome;
import dev.dsar.application.port.in.ExportStatusView;
import dev.dsar.application.port.in.RequestExportCommand;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.DsarService;
import dev.dsar.domain.Actor;
import dev.dsar.domain.DsarStatus;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bin/dsar demo}: everything a newcomer needs to see the service work, with nothing configured. Migrates
 * the service and demo schemas, inserts a sample user (once), runs the service as {@code serve} does, exports the
 * sample user's data through the export worker, prints tokens and curl commands to paste, and serves until
 * SIGINT or SIGTERM, which stop it cleanly (exit 0). Only for a scratch database: the sample user is real rows.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Migrate (with the demo schema), insert a sample user, serve, export that user's data and print"
                + " tokens and curl commands to try; Ctrl-C stops it. With DSAR_DATABASE_URL unset: PostgreSQL on"
                + " localhost:5432 when it answers, else the embedded PostgreSQL (data in <installation>/data).")
final class DemoCommand implements Callable<Integer> {

    /** Longer than an export lease: an export left processing by a demo that was killed is taken over in time. */
    static final Duration EXPORT_WAIT = Duration.ofMinutes(3);
    static final Duration TOKEN_TTL = Duration.ofHours(12);
    /** The last line printed once everything is ready. */
    static final String READY_LINE = "DSAR demo: ready; Ctrl-C stops the service.";
    private static final long POLL_MS = 200;

    @ParentCommand
    private DsarCli cli;

    @Override
    public Integer call() throws InterruptedException {
        // A secret that is set must be a usable one, before anything is started, printed or written.
        Optional.ofNullable(cli.env().get("DSAR_JWT_SECRET")).map(String::trim).filter(set -> !set.isEmpty())
                .ifPresent(DsarConfig::requireUsableJwtSecret);
        DemoDatabase database = DemoDatabase.choose(cli);
        DsarConfig configured = cli.config();
        boolean secretGenerated = configured.jwtSecret().isEmpty();
        DsarConfig config = (secretGenerated ? configured.withJwtSecret(randomSecret()) : configured).withExportWorker();

        // The service schema is migrated by DsarService.start below, as for serve.
        StartupChecks.migrateDemo(config);
        DemoDataset.SampleUser sample = new DemoDataset(config.sourceDatabase()).ensureSampleUser();

        DsarService service = DsarService.start(config, cli.clock());
        return UntilStopped.run(cli, service, stopRequested -> {
            UserId user = new UserId(sample.id());
            ReferenceId reference = requestExport(service, user);
            Optional<ExportArtifact> artifact = awaitExport(service, user, reference, stopRequested);
            if (artifact.isEmpty()) {
                cli.err().println("dsar: stopped before the export of " + reference + " completed");
                return DsarCli.FAILED;
            }
            printNextSteps(config, service, sample, reference, artifact.get(), secretGenerated, database);
            stopRequested.await();
            cli.err().println("dsar: stopping");
            return DsarCli.OK;
        });
    }

    /** A new request for the sample user, or the one an earlier run left pending or processing. */
    private ReferenceId requestExport(DsarService service, UserId user) {
        return service.components().requestExport()
                .request(new RequestExportCommand(user, Optional.empty(), Actor.operator())).await()
                .fold(created -> created.request().reference(),
                        inProgress -> inProgress.activeReference(),
                        taken -> taken.reference());
    }

    /** Waits for the export worker; empty when asked to stop meanwhile. Bounded: a fault ends the demo. */
    private Optional<ExportArtifact> awaitExport(DsarService service, UserId user, ReferenceId reference,
                                                 CountDownLatch stopRequested) throws InterruptedException {
        Instant deadline = Instant.now().plus(EXPORT_WAIT);
        DsarStatus status = DsarStatus.PENDING;
        while (Instant.now().isBefore(deadline)) {
            status = service.components().viewExports().find(user, reference).await()
                    .map(ExportStatusView::status).orElseThrow(() -> new IllegalStateException(
                            "the request " + reference + " has disappeared"));
            if (status != DsarStatus.PENDING && status != DsarStatus.PROCESSING) {
                break;
            }
            if (stopRequested.await(POLL_MS, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        }
        if (status == DsarStatus.PENDING || status == DsarStatus.PROCESSING) {
            throw new IllegalStateException("the export of " + reference + " did not complete within "
                    + EXPORT_WAIT.toMinutes() + " minutes (still " + status.name().toLowerCase(java.util.Locale.ROOT)
                    + "; see the log above)");
        }
        // Completed (or failed, expired): the on-demand export reports the file, or why there is none.
        ExportNowOutcome outcome = service.components().generateExport().exportNow(reference).await();
        return Optional.of(outcome.fold(
                attempted -> {
                    throw new IllegalStateException("the export of " + reference + " was not completed");
                },
                ExportNowOutcome.AlreadyExported::artifact,
                notExportable -> {
                    throw new IllegalStateException(notExportable.detail());
                }));
    }

    private void printNextSteps(DsarConfig config, DsarService service, DemoDataset.SampleUser sample,
                                ReferenceId reference, ExportArtifact artifact, boolean secretGenerated,
                                DemoDatabase database) {
        JwtTokens tokens = new JwtTokens(service.components().vertx(), new JwtSettings(config.requireJwtSecret(), config.jwtIssuer(),
                config.jwtAudience()));
        Instant now = cli.clock().instant();
        UserId user = new UserId(sample.id());
        String userToken = tokens.mint(user, false, TOKEN_TTL, now);
        String adminToken = tokens.mint(user, true, TOKEN_TTL, now);
        String base = "http://" + clientHost(config.httpHost()) + ":" + service.port();
        PrintWriter out = cli.out();
        out.println("DSAR demo: the service is running on " + base + " (export worker on"
                + (config.cleanupEnabled() ? ", periodic cleanup on" : "") + ").");
        out.println();
        // The token rides in the fragment: the browser never sends it to the server as part of the URL, and the
        // page moves it into the tab's sessionStorage and out of the address bar.
        out.println("Open in a browser (valid for " + TOKEN_TTL.toHours() + " hours; the token stays in the browser tab):");
        out.println("  the data subject's page: " + base + "/dsar/#token=" + userToken);
        out.println("  the admin page:          " + base + "/admin/dsar/#token=" + adminToken);
        out.println();
        out.println("Sample user " + sample.id() + " (" + sample.email() + (sample.created() ? ", just inserted" : "")
                + "): export " + reference + " completed, " + artifact.bytes() + " bytes, sha256 " + artifact.sha256());
        out.println("ZIP file: " + Path.of(artifact.storagePath()).toAbsolutePath());
        out.println();
        out.println("Paste into a shell (tokens valid for " + TOKEN_TTL.toHours() + " hours"
                + (secretGenerated ? ", signed with a random DSAR_JWT_SECRET generated for this run" : "") + "):");
        out.println();
        out.println("TOKEN='" + userToken + "'");
        out.println("ADMIN_TOKEN='" + adminToken + "'");
        // -w '\n' ends the JSON with a newline, so that the shell's prompt does not follow it on the same line. The
        // download names its file itself (-o, not -OJ: curl -J refuses to overwrite, so a second paste would fail).
        String zip = "dsar-" + reference + ".zip";
        out.println("# the request's status");
        out.println("curl -fsS -w '\\n' -H \"Authorization: Bearer $TOKEN\" " + base + "/api/dsar/requests/" + reference);
        out.println("# download the ZIP into the current directory");
        out.println("curl -fsS -o " + zip + " -w 'saved %{filename_effective}, %{size_download} bytes\\n'"
                + " -H \"Authorization: Bearer $TOKEN\" " + base + "/api/dsar/download/" + reference);
        out.println("# cleanup statistics (admin token: role dsar-admin)");
        out.println("curl -fsS -w '\\n' -H \"Authorization: Bearer $ADMIN_TOKEN\" " + base + "/api/admin/dsar/cleanup/stats");
        database.commandLine(config).ifPresent(command -> {
            out.println("# the command line on the same database and export directory, from any directory");
            out.println(command);
        });
        out.println();
        out.println(READY_LINE);
        out.flush();
    }

    /** Where a client on this machine reaches a server listening on {@code host}. */
    static String clientHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "localhost";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** 32 random bytes: a full-strength HS256 key that lives as long as this process. */
    private static String randomSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }
}
