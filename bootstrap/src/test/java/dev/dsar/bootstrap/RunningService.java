package dev.dsar.bootstrap;

import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.adapters.persistence.DsarRequestPostgresAdapter;
import dev.dsar.adapters.persistence.testing.PostgresDatabase;
import dev.dsar.bootstrap.testing.TempFiles;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.Actor;
import dev.dsar.domain.AuditAction;
import dev.dsar.domain.AuditEvent;
import dev.dsar.domain.DsarRequest;
import dev.dsar.domain.ExportArtifact;
import dev.dsar.domain.ExportFileName;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real service for one test class: its own database, export directory and moved-by-hand clock, started
 * on a free port; with a real HTTP client, token minting and a way to plant completed exports.
 */
public final class RunningService implements BeforeAllCallback, AfterAllCallback {

    public static final String SECRET = "test-secret-0123456789-0123456789-abcdef";

    private final PostgresDatabase database = PostgresDatabase.migratedWithDemoSchema();
    private final Map<String, String> settings = new HashMap<>();
    private final AtomicLong nextUser = new AtomicLong(1_000);
    private MutableClock clock;
    private Path exports;
    private DsarService service;
    private Vertx vertx;
    private WebClient client;
    private Pool pool;
    private DsarRequestPostgresAdapter requests;
    private JwtTokens tokens;

    /** Extra environment for the service, several variables at once. */
    public RunningService withAll(Map<String, String> variables) {
        settings.putAll(variables);
        return this;
    }

    /** Extra environment for the service, e.g. {@code DSAR_JWT_ISSUER}. */
    public RunningService with(String variable, String value) {
        settings.put(variable, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        database.beforeAll(context);
        exports = Files.createTempDirectory("dsar-exports-");
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Map<String, String> env = new HashMap<>(Map.of(
                "DSAR_DATABASE_URL", database.uri(),
                "EXPORT_STORAGE_PATH", exports.toString(),
                "DSAR_JWT_SECRET", SECRET,
                "DSAR_HTTP_HOST", "127.0.0.1",
                "DSAR_HTTP_PORT", "0",
                "CLEANUP_ENABLED", "false",
                // Requests are planted in every stage by the tests; no worker may move them meanwhile.
                "DSAR_EXPORT_WORKER_ENABLED", "false"));
        env.putAll(settings);
        DsarConfig config = DsarConfig.from(env);
        service = DsarService.start(config, clock);
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(service.port()).setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
        pool = PgBuilder.pool().connectingTo(database.location().connectOptions()).using(vertx).build();
        requests = new DsarRequestPostgresAdapter(pool);
        tokens = new JwtTokens(vertx, new JwtSettings(SECRET, config.jwtIssuer(), config.jwtAudience()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (service != null) {
            service.stop();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        database.afterAll(context);
        if (exports != null) {
            TempFiles.deleteTree(exports);
        }
    }

    public MutableClock clock() {
        return clock;
    }

    public Path exports() {
        return exports;
    }

    public PostgresDatabase database() {
        return database;
    }

    public DsarService service() {
        return service;
    }

    public WebClient client() {
        return client;
    }

    public Vertx vertx() {
        return vertx;
    }

    public DsarRequestPostgresAdapter requests() {
        return requests;
    }

    public UserId newUser() {
        return new UserId(nextUser.incrementAndGet());
    }

    /** A token for the user, valid for a year of the test clock (and of the real one). */
    public String token(UserId user) {
        return tokens.mint(user, false, Duration.ofDays(365), clock.instant());
    }

    public String adminToken(UserId user) {
        return tokens.mint(user, true, Duration.ofDays(365), clock.instant());
    }

    public HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
        HttpRequest<Buffer> request = client.request(method, path);
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        return request;
    }

    public HttpResponse<Buffer> get(String path, String token) {
        return request(HttpMethod.GET, path, token).send().await();
    }

    public HttpResponse<Buffer> post(String path, String token, String body) {
        return request(HttpMethod.POST, path, token).sendBuffer(Buffer.buffer(body)).await();
    }

    /** A planted export: the request row moved to completed and its file written with random bytes. */
    public record Export(ReferenceId reference, UserId owner, Path file, byte[] content, String sha256) {
    }

    public Export completedExport(UserId owner, int bytes) {
        ReferenceId reference = ReferenceId.generate(new java.security.SecureRandom());
        Instant now = clock.instant();
        byte[] content = new byte[bytes];
        new Random(reference.hashCode()).nextBytes(content);
        Path file = exports.resolve(ExportFileName.of(reference, now).fileName());
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sha = sha256(content);
        DsarRequest pending = DsarRequest.submit(reference, owner, Actor.subject(owner), now);
        requests.insert(pending, AuditEvent.of(pending, AuditAction.REQUESTED, Actor.subject(owner), now)).await();
        DsarRequest processing = move(pending.claim("test-worker", now, Duration.ofMinutes(5)).request(), AuditAction.EXPORT_STARTED);
        move(processing.complete("test-worker", new ExportArtifact(file.toString(), bytes, sha), now).request(),
                AuditAction.EXPORT_COMPLETED);
        return new Export(reference, owner, file, content, sha);
    }

    /** A request left in a given stage: pending, processing or failed. */
    public DsarRequest requestIn(UserId owner, dev.dsar.domain.DsarStatus status) {
        Instant now = clock.instant();
        DsarRequest request = DsarRequest.submit(ReferenceId.generate(new java.security.SecureRandom()), owner,
                Actor.subject(owner), now);
        requests.insert(request, AuditEvent.of(request, AuditAction.REQUESTED, Actor.subject(owner), now)).await();
        if (status == dev.dsar.domain.DsarStatus.PENDING) {
            return request;
        }
        request = move(request.claim("test-worker", now, Duration.ofMinutes(5)).request(), AuditAction.EXPORT_STARTED);
        if (status == dev.dsar.domain.DsarStatus.PROCESSING) {
            return request;
        }
        return move(request.fail("test-worker", "broken section", now).request(), AuditAction.EXPORT_FAILED);
    }

    public DsarRequest move(DsarRequest moved, AuditAction action) {
        boolean stored = requests.store(moved, AuditEvent.of(moved, action, Actor.system("test"), clock.instant())).await();
        if (!stored) {
            throw new IllegalStateException("stale move in test setup");
        }
        return moved;
    }

    public Optional<DsarRequest> find(ReferenceId reference) {
        return requests.findByReference(reference).await();
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
