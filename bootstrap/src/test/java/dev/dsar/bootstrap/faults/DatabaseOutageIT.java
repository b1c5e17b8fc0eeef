package dev.dsar.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dsar.adapters.http.JwtSettings;
import dev.dsar.adapters.http.JwtTokens;
import dev.dsar.adapters.persistence.PostgresLocation;
import dev.dsar.adapters.persistence.SchemaMigrations;
import dev.dsar.adapters.persistence.testing.OwnPostgres;
import dev.dsar.bootstrap.DsarConfig;
import dev.dsar.bootstrap.DsarService;
import dev.dsar.application.fakes.MutableClock;
import dev.dsar.domain.UserId;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The service on PostgreSQL servers of the test's own (one for the service database, one for the source
 * database), each stopped and started again under it: every route that needs the service database answers 503
 * JSON with Retry-After while it is down, the outage is logged once and not per request, the first request after
 * the restart is served, and {@code /ready} names the database that is down.
 */
class DatabaseOutageIT {

    private static final String SECRET = "outage-test-secret-0123456789-0123456789";
    private static final String UNKNOWN = "GDPR-NOSUCHREFERENCE000000000";

    @TempDir
    static Path exports;
    private static OwnPostgres postgres;
    private static OwnPostgres sourcePostgres;
    private static DsarService service;
    private static Vertx vertx;
    private static WebClient client;
    private static JwtTokens tokens;
    private static MutableClock clock;
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() {
        postgres = OwnPostgres.started();
        sourcePostgres = OwnPostgres.started();
        PostgresLocation database = postgres.createDatabase("dsar");
        new SchemaMigrations(database).migrateService();
        PostgresLocation source = sourcePostgres.createDatabase("app");
        new SchemaMigrations(source).migrateDemo();
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        DsarConfig config = DsarConfig.from(Map.of("DSAR_DATABASE_URL", database.uri(),
                "DSAR_SOURCE_DATABASE_URL", source.uri(),
                "EXPORT_STORAGE_PATH", exports.toString(), "DSAR_JWT_SECRET", SECRET,
                "DSAR_HTTP_HOST", "127.0.0.1", "DSAR_HTTP_PORT", "0", "CLEANUP_ENABLED", "false",
                "DSAR_EXPORT_WORKER_ENABLED", "false"));
        service = DsarService.start(config, clock);
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(service.port()));
        tokens = new JwtTokens(vertx, new JwtSettings(SECRET, config.jwtIssuer(), config.jwtAudience()));
        logs.start();
        for (String logger : List.of("dev.dsar.adapters.persistence", "dev.dsar.adapters.http")) {
            ((Logger) LoggerFactory.getLogger(logger)).addAppender(logs);
        }
    }

    @AfterAll
    static void stop() {
        for (String logger : List.of("dev.dsar.adapters.persistence", "dev.dsar.adapters.http")) {
            ((Logger) LoggerFactory.getLogger(logger)).detachAppender(logs);
        }
        try {
            if (service != null) {
                service.stop();
            }
            if (vertx != null) {
                vertx.close().await();
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                if (sourcePostgres != null) {
                    sourcePostgres.close();
                }
            }
        }
    }

    @BeforeEach
    void forgetEarlierLogLines() {
        logs.list.clear();
    }

    @Test
    void everyDatabaseBackedRouteAnswers503WithRetryAfterWhileTheServiceDatabaseIsDownAndRecoversAtOnce() {
        UserId owner = new UserId(77);
        String user = tokens.mint(owner, false, Duration.ofDays(1), clock.instant());
        String admin = tokens.mint(new UserId(1), true, Duration.ofDays(1), clock.instant());
        HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/dsar/requests", user, "");
        assertThat(created.statusCode()).isEqualTo(202);
        String reference = created.bodyAsJsonObject().getJsonObject("request").getString("reference_id");
        assertThat(send(HttpMethod.GET, "/ready", null, null).statusCode()).isEqualTo(200);

        postgres.stop();

        long outage = System.nanoTime();
        List<HttpResponse<Buffer>> answers = Stream.of(
                send(HttpMethod.GET, "/api/dsar/requests", user, null),
                send(HttpMethod.GET, "/api/dsar/requests/" + reference, user, null),
                send(HttpMethod.GET, "/api/dsar/requests/" + UNKNOWN, user, null),
                send(HttpMethod.POST, "/api/dsar/requests", tokens.mint(new UserId(78), false, Duration.ofDays(1),
                        clock.instant()), ""),
                send(HttpMethod.GET, "/api/dsar/download/" + reference, user, null),
                send(HttpMethod.GET, "/api/dsar/download/" + UNKNOWN, user, null),
                send(HttpMethod.POST, "/api/admin/dsar/requests", admin, "{\"user_id\":79}"),
                send(HttpMethod.GET, "/api/admin/dsar/cleanup/stats", admin, null),
                send(HttpMethod.POST, "/api/admin/dsar/cleanup", admin, "{\"dry_run\":true}")).toList();
        long outageAnswersMs = Duration.ofNanos(System.nanoTime() - outage).toMillis();
        for (HttpResponse<Buffer> answer : answers) {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
            assertThat(answer.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(answer.bodyAsJsonObject())
                    .isEqualTo(new JsonObject().put("ok", false).put("error", "Service unavailable"));
        }
        HttpResponse<Buffer> head = send(HttpMethod.HEAD, "/api/dsar/download/" + reference, user, null);
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.getHeader("Retry-After")).isEqualTo("5");

        HttpResponse<Buffer> ready = send(HttpMethod.GET, "/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.getHeader("Retry-After")).isEqualTo("5");
        assertThat(ready.bodyAsJsonObject().getJsonObject("databases"))
                .isEqualTo(new JsonObject().put("service", "DOWN").put("source", "UP"));
        // What needs no database keeps working.
        assertThat(send(HttpMethod.GET, "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/api/admin/dsar/storage", admin, null).statusCode()).isEqualTo(200);
        String metrics = send(HttpMethod.GET, "/metrics", null, null).bodyAsString();
        assertThat(metrics).containsPattern("dsar_database_up\\{database=\"service\"} 0\\.0")
                .containsPattern("dsar_database_up\\{database=\"source\"} 1\\.0")
                .containsPattern("dsar_http_database_unavailable_total [1-9][0-9]*\\.0");
        // One WARN for the whole outage, not one per request; nothing logged as an error.
        assertThat(lines(Level.WARN)).singleElement().asString().startsWith("The service database");
        assertThat(lines(Level.ERROR)).isEmpty();

        postgres.start();
        long back = System.nanoTime();
        HttpResponse<Buffer> first = send(HttpMethod.GET, "/api/dsar/requests/" + reference, user, null);
        long firstServedMs = Duration.ofNanos(System.nanoTime() - back).toMillis();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(lines(Level.INFO)).singleElement().asString().startsWith("The service database")
                .contains("is reachable again");
        assertThat(send(HttpMethod.GET, "/metrics", null, null).bodyAsString())
                .containsPattern("dsar_database_up\\{database=\"service\"} 1\\.0");
        LoggerFactory.getLogger(DatabaseOutageIT.class)
                .info("{} requests during the outage answered 503 in {} ms in all; the first request after PostgreSQL"
                        + " was back answered 200 in {} ms", answers.size(), outageAnswersMs, firstServedMs);
    }

    @Test
    void readinessNamesTheSourceDatabaseWhenOnlyItIsDownWhileTheApiKeepsAnswering() {
        UserId owner = new UserId(88);
        String user = tokens.mint(owner, false, Duration.ofDays(1), clock.instant());

        sourcePostgres.stop();
        HttpResponse<Buffer> ready;
        HttpResponse<Buffer> requests;
        try {
            ready = send(HttpMethod.GET, "/ready", null, null);
            requests = send(HttpMethod.GET, "/api/dsar/requests", user, null);
        } finally {
            sourcePostgres.start();
        }

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", false)
                .put("error", "Database unreachable").put("status", "DOWN")
                .put("databases", new JsonObject().put("service", "UP").put("source", "DOWN")));
        assertThat(requests.statusCode()).isEqualTo(200);
        assertThat(lines(Level.WARN)).singleElement().asString().startsWith("The source database")
                .endsWith("exports are retried later until it is back");
        assertThat(send(HttpMethod.GET, "/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(lines(Level.INFO)).singleElement().asString().startsWith("The source database")
                .contains("is reachable again");
    }

    private static List<String> lines(Level level) {
        return logs.list.stream().filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static HttpResponse<Buffer> send(HttpMethod method, String path, String token, String body) {
        var request = client.request(method, path);
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await();
    }
}
