package dev.dsar.bootstrap;

import dev.dsar.application.port.out.ClaimExportPort;
import dev.dsar.application.port.out.LoadAbandonedExportsPort;
import dev.dsar.application.port.out.LoadRequestPort;
import dev.dsar.application.port.out.RenewLeasePort;
import dev.dsar.application.port.out.SharedClockPort;
import dev.dsar.application.port.out.StoreTransitionPort;
import dev.dsar.adapters.filesystem.ExportDirectory;
import dev.dsar.application.port.out.ExportArchivePort;
import dev.dsar.application.port.out.ExportStoragePort;
import dev.dsar.adapters.http.cache.ExpiringMemoryCaffeineAdapter;
import dev.dsar.adapters.http.links.SignedDownloadLinks;
import dev.dsar.adapters.http.metrics.Observability;
import dev.dsar.adapters.metrics.ExportMetricsMicrometerAdapter;
import dev.dsar.adapters.persistence.DownloadReceiptPostgresAdapter;
import dev.dsar.adapters.persistence.DsarRequestPostgresAdapter;
import dev.dsar.adapters.persistence.ExportRequestNotifications;
import dev.dsar.adapters.persistence.OperatorViewsPostgresAdapter;
import dev.dsar.adapters.persistence.PersonalDataPostgresAdapter;
import dev.dsar.adapters.persistence.PostgresPersistence;
import dev.dsar.adapters.persistence.RetryDelayVertxAdapter;
import dev.dsar.application.port.in.DispatchWebhooksUseCase;
import dev.dsar.application.port.in.DownloadExportUseCase;
import dev.dsar.application.port.in.ManageWebhookEventsUseCase;
import dev.dsar.application.port.in.GenerateExportUseCase;
import dev.dsar.application.port.in.InspectRequestsUseCase;
import dev.dsar.application.port.in.IssueDownloadLinkUseCase;
import dev.dsar.application.port.in.ViewCleanupRunsUseCase;
import dev.dsar.application.port.in.RequestExportUseCase;
import dev.dsar.application.port.in.RunCleanupUseCase;
import dev.dsar.application.port.in.ViewCleanupStatisticsUseCase;
import dev.dsar.application.port.in.ViewExportsUseCase;
import dev.dsar.application.service.CleanupWithWebhookPurge;
import dev.dsar.application.service.DownloadExportService;
import dev.dsar.application.service.ManageWebhookEventsService;
import dev.dsar.application.service.ExportExpiry;
import dev.dsar.application.service.GenerateExportService;
import dev.dsar.application.service.InspectRequestsService;
import dev.dsar.application.service.IssueDownloadLinkService;
import dev.dsar.application.service.ViewCleanupRunsService;
import dev.dsar.application.service.RecoverAbandonedExports;
import dev.dsar.application.service.RequestExportService;
import dev.dsar.application.service.ViewExportsService;
import dev.dsar.domain.DatabaseUnavailable;
import dev.dsar.domain.DatabaseUnavailable.Database;
import dev.dsar.domain.ExportSections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The service assembled from its configuration: adapters connected to use cases. Built once per process
 * (by {@code serve} or a one-shot command) and shared by every verticle instance.
 */
public final class Components {

    static final int POOL_SIZE = 16;

    private final DsarConfig config;
    private final Clock clock;
    private final PostgresPersistence persistence;
    private final StorageWiring storageWiring;
    private final RequestExportUseCase requestExport;
    private final ViewExportsUseCase viewExports;
    private final DownloadExportUseCase downloadExport;
    private final Observability observability;
    // export generation
    private final Vertx vertx;
    private final ExportSections sections;
    private final PersonalDataPostgresAdapter personalData;
    private final RecoverAbandonedExports recoverAbandoned;
    private final GenerateExportUseCase generateExport;
    private final CleanupWiring.Cleanup cleanup;
    private final InspectRequestsUseCase inspectRequests;
    private final ViewCleanupRunsUseCase cleanupRuns;
    /** Cleanup cycles that also purge old notifications. */
    private final RunCleanupUseCase runCleanup;
    private final ManageWebhookEventsUseCase webhookEvents;
    /** Built on first use, in {@code serve} with DSAR_WEBHOOK_URL set. */
    private WebhookWiring.Dispatcher webhookDispatcher;
    /** Built on first use: one-shot commands that never sign a link need no secret. */
    private SignedDownloadLinks downloadLinks;

    private Components(Vertx vertx, DsarConfig config, Clock clock, StorageWiring storageWiring,
                       Observability observability) {
        this.config = config;
        this.observability = observability;
        this.clock = clock;
        this.storageWiring = storageWiring;
        this.persistence = PostgresPersistence.connect(vertx, config.database(), POOL_SIZE);
        DsarRequestPostgresAdapter requests = persistence.requests();
        ExportStoragePort storage = storageWiring.storage();
        DownloadReceiptPostgresAdapter receipts = persistence.receipts();
        this.requestExport = new RequestExportService(requests, config.retention(), config.responseDeadline(), clock,
                new SecureRandom());
        this.viewExports = new ViewExportsService(requests, config.retention(), config.responseDeadline(), clock);
        this.downloadExport = new DownloadExportService(requests, storage, new ExportExpiry(storage, requests),
                receipts, config.retention(), clock, new ExpiringMemoryCaffeineAdapter<>("download_decisions",
                        config.downloadCaches().entries(), clock, observability.registry()));
        // export generation: the source has its own read-only pool, one connection per concurrent export
        this.vertx = vertx;
        SectionsFile.Loaded sectionsFile = SectionsFile.load(config.sectionsConfig());
        this.sections = sectionsFile.sections();
        this.personalData = PersonalDataPostgresAdapter.connect(vertx, config.sourceDatabase(),
                config.exportConcurrency() + 1, sectionsFile.queries());
        // Leases are written and compared on the database's clock (requests: SharedClockPort), not this host's.
        ExportArchivePort archives = storageWiring.archives();
        // The request store plays several roles: each is named, so that the wiring reads by role, not position.
        ClaimExportPort claims = requests;
        LoadRequestPort lookups = requests;
        StoreTransitionPort transitions = requests;
        RenewLeasePort leases = requests;
        LoadAbandonedExportsPort abandoned = requests;
        SharedClockPort sharedClock = requests;
        this.recoverAbandoned = new RecoverAbandonedExports(abandoned, transitions, sharedClock,
                storageWiring.partials());
        this.generateExport = new GenerateExportService(new GenerateExportService.Ports(claims, lookups, transitions,
                leases, personalData, archives, storage, new ExportMetricsMicrometerAdapter(observability.registry()),
                sharedClock, new RetryDelayVertxAdapter(vertx)),
                recoverAbandoned, sections, config.retention(), clock, config.instanceId());
        OperatorViewsPostgresAdapter operatorViews = persistence.operatorViews();
        this.inspectRequests = new InspectRequestsService(operatorViews, lookups, operatorViews, config.retention(),
                config.responseDeadline(), clock);
        this.cleanupRuns = new ViewCleanupRunsService(operatorViews);
        this.cleanup = CleanupWiring.create(vertx, config, clock, persistence, storageWiring, observability);
        this.runCleanup = new CleanupWithWebhookPurge(cleanup.run(), persistence.cleanupCycleWebhooks(),
                config.webhooks().retention(), clock);
        this.webhookEvents = new ManageWebhookEventsService(persistence.webhooks(), clock);
        observability.databaseUp(Database.SERVICE.label(), persistence.availability()::up);
        observability.databaseUp(Database.SOURCE.label(), personalData.availability()::up);
    }

    /** The Vert.x instance of a one-shot command: no metrics, cleanup's threads at background priority. */
    public static Vertx newVertx() {
        return ServiceVertx.create(new VertxOptions(), null);
    }

    /** Blocking (creates the export directory): call from the command line or a worker thread. */
    public static Components create(Vertx vertx, DsarConfig config, Clock clock) {
        return create(vertx, config, clock, new Observability());
    }

    /** With the metrics registry the Vert.x instance reports into ({@code serve}). */
    public static Components create(Vertx vertx, DsarConfig config, Clock clock, Observability observability) {
        return new Components(vertx, config, clock, StorageWiring.create(vertx, config, clock), observability);
    }

    public DsarConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The export directory; fails when exports are kept in an object store (DSAR_STORAGE=s3). */
    public ExportDirectory exportDirectory() {
        return storageWiring.directory().orElseThrow(() -> new IllegalStateException("exports are kept in "
                + storageWiring.description() + ", not in a directory"));
    }

    /** Where exports are kept: the export directory or {@code s3://bucket/prefix}. */
    public String storageDescription() {
        return storageWiring.description();
    }

    /** Where exports kept in an object store are downloaded from; empty with the export directory. */
    public java.util.Optional<dev.dsar.adapters.http.RemoteExports> remoteExports() {
        return storageWiring.remote();
    }

    public RequestExportUseCase requestExport() {
        return requestExport;
    }

    public ViewExportsUseCase viewExports() {
        return viewExports;
    }

    public DownloadExportUseCase downloadExport() {
        return downloadExport;
    }

    /**
     * Signs download links: with {@code DSAR_LINK_SECRET} when set, else with a key derived from
     * {@code DSAR_JWT_SECRET} (HKDF-SHA256). Needs one of them: a command without either fails naming the JWT secret.
     */
    public synchronized SignedDownloadLinks downloadLinks() {
        if (downloadLinks == null) {
            downloadLinks = config.linkSecret().map(SignedDownloadLinks::withKey)
                    .orElseGet(() -> SignedDownloadLinks.derivedFrom(config.requireJwtSecret()));
        }
        return downloadLinks;
    }

    /** Operators' view of every request (admin API). */
    public InspectRequestsUseCase inspectRequests() {
        return inspectRequests;
    }

    /** Operators' view of the recorded cleanup cycles (admin API). */
    public ViewCleanupRunsUseCase cleanupRuns() {
        return cleanupRuns;
    }

    /** Signed links for the owner of a completed export, {@code DSAR_LINK_TTL} at most, never past its expiry. */
    public IssueDownloadLinkUseCase issueDownloadLink() {
        return new IssueDownloadLinkService(downloadExport, downloadLinks(), config.linkTtl(), clock);
    }

    public RunCleanupUseCase runCleanup() {
        return runCleanup;
    }

    /** The operators' view of notifications (admin API, {@code bin/dsar webhooks}). */
    public ManageWebhookEventsUseCase webhookEvents() {
        return webhookEvents;
    }

    /** The notifications' dispatcher; only with DSAR_WEBHOOK_URL set (and a JWT or link secret to sign links). */
    public synchronized DispatchWebhooksUseCase dispatchWebhooks() {
        if (!config.webhooks().enabled()) {
            throw new IllegalStateException("no DSAR_WEBHOOK_URL: notifications are off");
        }
        if (webhookDispatcher == null) {
            webhookDispatcher = WebhookWiring.create(vertx, config, clock, persistence, downloadLinks(), observability);
        }
        return webhookDispatcher.dispatch();
    }

    public ViewCleanupStatisticsUseCase cleanupStatistics() {
        return cleanup.statistics();
    }

    public Observability observability() {
        return observability;
    }

    /** Background work of {@code serve}: download receipts are written every second. */
    public void startBackgroundWork() {
        persistence.receipts().start(Duration.ofSeconds(1));
    }

    /** Writes the download receipts tallied so far (tests and shutdown; otherwise every second). */
    public Future<Void> flushDownloadReceipts() {
        return persistence.receipts().flush();
    }

    /**
     * Readiness: both databases answer a trivial query. Fails with {@link DatabaseUnavailable} naming those that
     * do not (any failure counts: a wrong password makes an instance as unready as a stopped server).
     */
    public Future<Void> databaseCheck() {
        Future<Void> service = persistence.ping();
        Future<Void> source = personalData.ping();
        return Future.join(service, source).transform(checked -> {
            Set<Database> down = EnumSet.noneOf(Database.class);
            if (service.failed()) {
                down.add(Database.SERVICE);
            }
            if (source.failed()) {
                down.add(Database.SOURCE);
            }
            return down.isEmpty() ? Future.succeededFuture() : Future.failedFuture(DatabaseUnavailable.of(down));
        });
    }

    /** Start-up check: the source database answers (see {@link StartupChecks}). */
    public Future<Void> pingSource() {
        return personalData.ping();
    }

    /** Start-up check of one section query on the source database (see {@link StartupChecks}). */
    public Future<Void> describeSection(dev.dsar.domain.ExportSection section) {
        return personalData.describe(section);
    }

    public ExportSections sections() {
        return sections;
    }

    public GenerateExportUseCase generateExport() {
        return generateExport;
    }

    public RecoverAbandonedExports recoverAbandoned() {
        return recoverAbandoned;
    }

    /** A new listener for requests inserted anywhere (dedicated connection to the service database). */
    public ExportRequestNotifications exportRequestNotifications() {
        return new ExportRequestNotifications(vertx, config.database());
    }

    public Vertx vertx() {
        return vertx;
    }

    public Future<Void> close() {
        synchronized (this) {
            if (webhookDispatcher != null) {
                webhookDispatcher.client().close();
            }
        }
        Future<?> closed = Future.join(persistence.close(), personalData.close());
        return closed.eventually(() -> {
            storageWiring.close().run();
            return Future.succeededFuture();
        }).mapEmpty();
    }
}
