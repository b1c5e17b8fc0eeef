package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DsarConfigTest {

    /** Every variable the service reads (besides DSAR_INSTANCE_ID, which only names the instance). */
    private static final List<String> ALL_VARIABLES = List.of(
            "DSAR_DATABASE_URL",
            "DSAR_SOURCE_DATABASE_URL",
            "DSAR_HTTP_HOST",
            "DSAR_HTTP_PORT",
            "EXPORT_STORAGE_PATH",
            "GDPR_DSAR_EXPORT_RETENTION_DAYS",
            "DSAR_EXPORT_RETENTION",
            "DSAR_FAILED_EXPORT_RETENTION",
            "CLEANUP_ENABLED",
            "CLEANUP_INTERVAL_MINUTES",
            "DSAR_CLEANUP_INTERVAL",
            "CLEANUP_ORPHAN_GRACE",
            "DSAR_SECTIONS_CONFIG",
            "DSAR_JWT_SECRET",
            "DSAR_JWT_ISSUER",
            "DSAR_JWT_AUDIENCE",
            "DSAR_EXPORT_CONCURRENCY",
            "DSAR_AUDIT_RETENTION",
            "DSAR_RESPONSE_DEADLINE",
            "DSAR_LINK_SECRET",
            "DSAR_LINK_TTL",
            "DSAR_EXPORT_FORMATS");

    @Test
    void anEmptyEnvironmentGivesTheDocumentedDefaults() {
        assertIsTheDefault(DsarConfig.from(Map.of()));
    }

    @Test
    void theRetentionDefaultsAreTheDomainsOwn() {
        DsarConfig config = DsarConfig.from(Map.of());

        assertThat(config.retention()).isEqualTo(dev.dsar.domain.RetentionPolicy.defaults());
        assertThat(config.orphanGrace()).isEqualTo(dev.dsar.domain.StoredFilePolicy.DEFAULT_ORPHAN_GRACE);
    }

    @ParameterizedTest(name = "[{index}] every variable set to \"{0}\"")
    @ValueSource(strings = {"", " ", "   ", "\t", " \t\n "})
    void blankValuesCountAsUnset(String blank) {
        Map<String, String> env = new HashMap<>();
        ALL_VARIABLES.forEach(name -> env.put(name, blank));

        assertIsTheDefault(DsarConfig.from(env));
    }

    @Test
    void everySettingCanBeOverridden() {
        Map<String, String> env = new HashMap<>();
        env.put("DSAR_DATABASE_URL", "postgresql://svc:s3cret@db.internal:6432/dsar");
        env.put("DSAR_SOURCE_DATABASE_URL", "postgresql://reader:r3ad@app-db:5433/app");
        env.put("DSAR_HTTP_HOST", "127.0.0.1");
        env.put("DSAR_HTTP_PORT", "9090");
        env.put("EXPORT_STORAGE_PATH", "/var/lib/dsar/exports");
        env.put("GDPR_DSAR_EXPORT_RETENTION_DAYS", "7");
        env.put("DSAR_FAILED_EXPORT_RETENTION", "PT2H");
        env.put("CLEANUP_ENABLED", "false");
        env.put("CLEANUP_INTERVAL_MINUTES", "15");
        env.put("CLEANUP_ORPHAN_GRACE", "PT30M");
        env.put("DSAR_SECTIONS_CONFIG", "/etc/dsar/sections.json");
        env.put("DSAR_JWT_SECRET", "0123456789abcdef0123456789abcdef");
        env.put("DSAR_JWT_ISSUER", "https://auth.example");
        env.put("DSAR_JWT_AUDIENCE", "dsar");
        env.put("DSAR_EXPORT_CONCURRENCY", "8");
        env.put("DSAR_AUDIT_RETENTION", "P365D");
        env.put("DSAR_INSTANCE_ID", "node-a");
        env.put("DSAR_RESPONSE_DEADLINE", "P60D");
        env.put("DSAR_LINK_SECRET", "link-secret-0123456789abcdef-0123");
        env.put("DSAR_LINK_TTL", "PT5M");

        DsarConfig config = DsarConfig.from(env);

        assertThat(config.database().describe()).isEqualTo("svc@db.internal:6432/dsar");
        assertThat(config.database().password()).isEqualTo("s3cret");
        assertThat(config.sourceDatabase().describe()).isEqualTo("reader@app-db:5433/app");
        assertThat(config.sourceDatabase().password()).isEqualTo("r3ad");
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.exportStoragePath()).isEqualTo(Path.of("/var/lib/dsar/exports"));
        assertThat(config.retention().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.retention().failedRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(config.cleanupEnabled()).isFalse();
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.orphanGrace()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.sectionsConfig()).contains(Path.of("/etc/dsar/sections.json"));
        assertThat(config.jwtSecret()).contains("0123456789abcdef0123456789abcdef");
        assertThat(config.jwtIssuer()).contains("https://auth.example");
        assertThat(config.jwtAudience()).contains("dsar");
        assertThat(config.exportConcurrency()).isEqualTo(8);
        assertThat(config.auditRetention()).contains(Duration.ofDays(365));
        assertThat(config.instanceId()).isEqualTo("node-a");
        assertThat(config.responseDeadline().deadline()).isEqualTo(Duration.ofDays(60));
        assertThat(config.linkSecret()).contains("link-secret-0123456789abcdef-0123");
        assertThat(config.linkTtl()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theSourceDatabaseDefaultsToTheServiceDatabase() {
        DsarConfig config = DsarConfig.from(Map.of("DSAR_DATABASE_URL", "postgresql://svc:s3cret@db.internal:6432/dsar"));

        assertThat(config.sourceDatabase()).isSameAs(config.database());
        assertThat(config.sourceDatabase().describe()).isEqualTo("svc@db.internal:6432/dsar");
    }

    @Test
    void theSourceDatabaseCanBeSetWithoutTouchingTheServiceDatabase() {
        DsarConfig config = DsarConfig.from(Map.of("DSAR_SOURCE_DATABASE_URL", "postgresql://reader@app-db:5433/app"));

        assertThat(config.database().describe()).isEqualTo("postgres@localhost:5432/postgres");
        assertThat(config.sourceDatabase().describe()).isEqualTo("reader@app-db:5433/app");
    }

    @Test
    void anIsoRetentionOverridesTheRetentionDays() {
        DsarConfig config = DsarConfig.from(Map.of(
                "GDPR_DSAR_EXPORT_RETENTION_DAYS", "7",
                "DSAR_EXPORT_RETENTION", "PT5S"));

        assertThat(config.retention().retention()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void retentionDaysAloneAreCountedInDays() {
        DsarConfig config = DsarConfig.from(Map.of("GDPR_DSAR_EXPORT_RETENTION_DAYS", "90"));

        assertThat(config.retention().retention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.retention().retentionDays()).isEqualTo(90);
    }

    @Test
    void anIsoCleanupIntervalOverridesTheIntervalMinutes() {
        DsarConfig config = DsarConfig.from(Map.of(
                "CLEANUP_INTERVAL_MINUTES", "15",
                "DSAR_CLEANUP_INTERVAL", "PT30S"));

        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void portZeroIsAcceptedAsAnEphemeralPort() {
        assertThat(DsarConfig.from(Map.of("DSAR_HTTP_PORT", "0")).httpPort()).isZero();
    }

    @Test
    void theHighestPortIsAccepted() {
        assertThat(DsarConfig.from(Map.of("DSAR_HTTP_PORT", "65535")).httpPort()).isEqualTo(65_535);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        DsarConfig config = DsarConfig.from(Map.of(
                "DSAR_HTTP_PORT", " 9090 ",
                "DSAR_EXPORT_RETENTION", "\tP30D\n",
                "DSAR_JWT_SECRET", "  secret  "));

        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.retention().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.jwtSecret()).contains("secret");
    }

    @ParameterizedTest(name = "[{index}] CLEANUP_ENABLED={0} -> {1}")
    @CsvSource({
        "true, true", "TRUE, true", "1, true", "yes, true", "on, true",
        "false, false", "False, false", "0, false", "no, false", "off, false"
    })
    void cleanupEnabledAcceptsTheUsualSpellingsOfABoolean(String raw, boolean expected) {
        assertThat(DsarConfig.from(Map.of("CLEANUP_ENABLED", raw)).cleanupEnabled()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        "DSAR_HTTP_PORT | abc",
        "DSAR_HTTP_PORT | 70000",
        "DSAR_HTTP_PORT | -1",
        "DSAR_HTTP_PORT | 80.5",
        "GDPR_DSAR_EXPORT_RETENTION_DAYS | 0",
        "GDPR_DSAR_EXPORT_RETENTION_DAYS | -3",
        "GDPR_DSAR_EXPORT_RETENTION_DAYS | x",
        "DSAR_EXPORT_RETENTION | P1M",
        "DSAR_EXPORT_RETENTION | 30d",
        "DSAR_EXPORT_RETENTION | 30",
        "DSAR_EXPORT_RETENTION | PT0S",
        "DSAR_EXPORT_RETENTION | -PT1S",
        "DSAR_FAILED_EXPORT_RETENTION | 1h",
        "DSAR_FAILED_EXPORT_RETENTION | PT0S",
        "CLEANUP_ENABLED | maybe",
        "CLEANUP_INTERVAL_MINUTES | 0",
        "CLEANUP_INTERVAL_MINUTES | ten",
        "DSAR_CLEANUP_INTERVAL | 5m",
        "DSAR_CLEANUP_INTERVAL | -PT5M",
        "CLEANUP_ORPHAN_GRACE | bad",
        "CLEANUP_ORPHAN_GRACE | PT0S",
        "DSAR_EXPORT_CONCURRENCY | 0",
        "DSAR_EXPORT_CONCURRENCY | many",
        "DSAR_AUDIT_RETENTION | forever",
        "DSAR_RESPONSE_DEADLINE | 1 month",
        "DSAR_RESPONSE_DEADLINE | PT0S",
        "DSAR_LINK_TTL | 15m",
        "DSAR_LINK_TTL | -PT15M",
        "DSAR_LINK_SECRET | too-short-for-a-key",
        "DSAR_DATABASE_URL | mysql://root@db:3306/app",
        "DSAR_DATABASE_URL | localhost:5432/postgres",
        "DSAR_DATABASE_URL | postgresql://u@h:notaport/db",
        "DSAR_SOURCE_DATABASE_URL | jdbc:postgresql://h:5432/app",
    })
    void aBadValueStopsStartUpWithAMessageNamingTheVariable(String variable, String value) {
        ConfigurationException failure = catchThrowableOfType(ConfigurationException.class,
                () -> DsarConfig.from(Map.of(variable, value)));

        assertThat(failure).as("%s=%s must be refused", variable, value).isNotNull();
        assertThat(failure.variable()).isEqualTo(variable);
        assertThat(failure).hasMessageStartingWith(variable + ":");
    }

    @Test
    void aMistypedEmbeddedValueIsRefusedWithAMessageNamingTheRightOne() {
        assertThatThrownBy(() -> DsarConfig.from(Map.of("DSAR_DATABASE_URL", "Embedded")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DSAR_DATABASE_URL:")
                .hasMessageEndingWith("or embedded for the embedded PostgreSQL");
    }

    @Test
    void aPathWithANulCharacterIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> DsarConfig.from(Map.of("EXPORT_STORAGE_PATH", "/var/lib/dsar\0exports")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("EXPORT_STORAGE_PATH:");
    }

    @Test
    void aBadNonSecretValueIsQuotedInTheMessage() {
        assertThatThrownBy(() -> DsarConfig.from(Map.of("DSAR_HTTP_PORT", "70000")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("70000");
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        "DSAR_DATABASE_URL | postgresql://u:hunter2@h:5432/",
        "DSAR_DATABASE_URL | postgresql://u:hunter2@h:notaport/db",
        "DSAR_DATABASE_URL | postgresql://u:hunter2@h:99999/db",
        "DSAR_DATABASE_URL | mysql://u:hunter2@h:3306/db",
        "DSAR_SOURCE_DATABASE_URL | postgresql://u:hunter2@h:5432/",
        "DSAR_SOURCE_DATABASE_URL | mysql://u:hunter2@h:3306/db",
    })
    void aRefusedDatabaseUrlNeverEchoesItsPassword(String variable, String url) {
        assertThatThrownBy(() -> DsarConfig.from(Map.of(variable, url)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(variable + ":")
                .hasMessageNotContaining("hunter2")
                .hasNoCause();
    }

    @Test
    void requireJwtSecretNamesTheVariableWhenTheSecretIsMissing() {
        DsarConfig config = DsarConfig.from(Map.of());

        assertThatThrownBy(config::requireJwtSecret)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DSAR_JWT_SECRET")
                .extracting(failure -> ((ConfigurationException) failure).variable())
                .isEqualTo("DSAR_JWT_SECRET");
    }

    @Test
    void requireJwtSecretReturnsTheConfiguredSecret() {
        DsarConfig config = DsarConfig.from(Map.of("DSAR_JWT_SECRET", "0123456789abcdef0123456789abcdef"));

        assertThat(config.requireJwtSecret()).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void withJwtSecretSuppliesAGeneratedSecretAndKeepsEverythingElse() {
        DsarConfig config = DsarConfig.from(Map.of("DSAR_HTTP_PORT", "9090", "DSAR_INSTANCE_ID", "node-a"));

        DsarConfig withSecret = config.withJwtSecret("generated-secret-of-at-least-32-bytes");

        assertThat(withSecret.requireJwtSecret()).isEqualTo("generated-secret-of-at-least-32-bytes");
        assertThat(withSecret.httpPort()).isEqualTo(9090);
        assertThat(withSecret.instanceId()).isEqualTo("node-a");
        assertThat(withSecret.database()).isSameAs(config.database());
        assertThat(config.jwtSecret()).isEmpty();
    }

    @Test
    void aRelativeExportStoragePathIsResolvedAgainstTheInstallationDirectory() {
        DsarConfig config = DsarConfig.from(Map.of("EXPORT_STORAGE_PATH", "data/exports"));

        assertThat(config.exportStoragePath()).isAbsolute()
                .isEqualTo(InstallationDirectory.get().resolve("data/exports"))
                .isNotEqualTo(Path.of("").toAbsolutePath().resolve("data/exports"));
    }

    private static void assertIsTheDefault(DsarConfig config) {
        assertThat(config.database().describe()).isEqualTo("postgres@localhost:5432/postgres");
        assertThat(config.database().user()).isEqualTo("postgres");
        assertThat(config.database().database()).isEqualTo("postgres");
        assertThat(config.database().jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/postgres?ApplicationName=dsar-export");
        assertThat(config.sourceDatabase()).isSameAs(config.database());
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.exportStoragePath()).isEqualTo(InstallationDirectory.get().resolve("exports/dsar"));
        assertThat(config.retention().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.retention().failedRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(config.cleanupEnabled()).isTrue();
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config.orphanGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.sectionsConfig()).isEmpty();
        assertThat(config.jwtSecret()).isEmpty();
        assertThat(config.jwtIssuer()).isEmpty();
        assertThat(config.jwtAudience()).isEmpty();
        assertThat(config.exportConcurrency()).isEqualTo(2);
        assertThat(config.auditRetention()).isEmpty();
        assertThat(config.instanceId()).isNotBlank();
        assertThat(config.responseDeadline()).isEqualTo(dev.dsar.domain.ResponseDeadline.defaults());
        assertThat(config.responseDeadline().deadline()).isEqualTo(Duration.ofDays(30));
        assertThat(config.linkSecret()).isEmpty();
        assertThat(config.linkTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.exportCsv()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] DSAR_EXPORT_FORMATS=\"{0}\" writes CSV: {1}")
    @CsvSource(delimiter = '|', value = {"json|false", "json,csv|true", " JSON , csv |true", "csv,json|true"})
    void theExportFormatsAreJsonAloneOrJsonAndCsv(String formats, boolean csv) {
        assertThat(DsarConfig.from(Map.of("DSAR_EXPORT_FORMATS", formats)).exportCsv()).isEqualTo(csv);
    }

    @ParameterizedTest(name = "[{index}] DSAR_EXPORT_FORMATS=\"{0}\" is refused")
    @ValueSource(strings = {"csv", "xml", "json,xml", "json,csv,csv", "json,", "json;csv", "json csv"})
    void anyOtherExportFormatStopsStartUpNamingTheVariable(String formats) {
        ConfigurationException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                ConfigurationException.class, () -> DsarConfig.from(Map.of("DSAR_EXPORT_FORMATS", formats)));

        assertThat(refused).isNotNull();
        assertThat(refused.variable()).isEqualTo("DSAR_EXPORT_FORMATS");
        assertThat(refused).hasMessageContaining("expected json or json,csv");
    }

    @Test
    void aShortLinkSecretIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> DsarConfig.from(Map.of("DSAR_LINK_SECRET", "short-link-secret")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DSAR_LINK_SECRET:")
                .hasMessageNotContaining("short-link-secret");
    }

    @Test
    void aTypoInTheDaysOrMinutesFormStopsStartUpEvenWhenTheIsoFormOverridesIt() {
        assertThatThrownBy(() -> DsarConfig.from(Map.of("DSAR_EXPORT_RETENTION", "PT5S", "GDPR_DSAR_EXPORT_RETENTION_DAYS", "x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("GDPR_DSAR_EXPORT_RETENTION_DAYS");
        assertThatThrownBy(() -> DsarConfig.from(Map.of("DSAR_CLEANUP_INTERVAL", "PT5M", "CLEANUP_INTERVAL_MINUTES", "0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("CLEANUP_INTERVAL_MINUTES");
    }

    @Test
    void defaultDatabaseHasNoPasswordAndAUriWithoutDatabaseIsRefused() {
        assertThat(DsarConfig.from(Map.of()).database().password()).isNull();
        assertThatThrownBy(() -> DsarConfig.from(Map.of("DSAR_DATABASE_URL", "postgresql://u:hunter2@h:5432")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DSAR_DATABASE_URL")
                .hasMessageContaining("database")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void instanceIdDefaultsToTheHostNameFromTheGivenEnvironment() {
        assertThat(DsarConfig.from(Map.of("HOSTNAME", "node-7")).instanceId()).startsWith("node-7-");
        assertThat(DsarConfig.from(Map.of("DSAR_INSTANCE_ID", "blue")).instanceId()).isEqualTo("blue");
    }

    @Test
    void exportWorkerRunsUnlessAnInstanceIsToldToServeTheApiOnly() {
        assertThat(DsarConfig.from(Map.of()).exportWorkerEnabled()).isTrue();
        assertThat(DsarConfig.from(Map.of("DSAR_EXPORT_WORKER_ENABLED", "false")).exportWorkerEnabled()).isFalse();
        assertThatThrownBy(() -> DsarConfig.from(Map.of("DSAR_EXPORT_WORKER_ENABLED", "sometimes")))
                .hasMessageStartingWith("DSAR_EXPORT_WORKER_ENABLED");
    }

    @Test
    void httpConnectionSettingsHaveDocumentedDefaultsAndCanBeSet() {
        var defaults = DsarConfig.from(Map.of()).http();
        var set = DsarConfig.from(Map.of("DSAR_HTTP_IDLE_TIMEOUT", "PT2M", "DSAR_HTTP_HEADER_TIMEOUT", "PT0.5S",
                "DSAR_HTTP_MAX_CONNECTIONS", "500", "DSAR_HTTP2_CLEARTEXT", "true")).http();

        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxConnections()).isEqualTo(dev.dsar.adapters.http.HttpConnectionSettings.defaultMaxConnections(
                dev.dsar.adapters.http.HttpConnectionSettings.processDescriptorLimit()));
        assertThat(defaults.http2Cleartext()).isFalse();
        assertThat(set.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(set.headerTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(set.maxConnections()).isEqualTo(500);
        assertThat(set.http2Cleartext()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"DSAR_HTTP_IDLE_TIMEOUT, 60", "DSAR_HTTP_IDLE_TIMEOUT, PT0S", "DSAR_HTTP_HEADER_TIMEOUT, 10s",
            "DSAR_HTTP_HEADER_TIMEOUT, -PT1S", "DSAR_HTTP_MAX_CONNECTIONS, 0", "DSAR_HTTP_MAX_CONNECTIONS, many",
            "DSAR_HTTP2_CLEARTEXT, maybe"})
    void aBadHttpConnectionSettingStopsStartUpNamingIt(String variable, String value) {
        assertThatThrownBy(() -> DsarConfig.from(Map.of(variable, value))).hasMessageContaining(variable);
    }

    @Test
    void downloadCachesHaveDocumentedDefaultsAndCanBeSet() {
        var defaults = DsarConfig.from(Map.of()).downloadCaches();
        var set = DsarConfig.from(Map.of("DSAR_DOWNLOAD_CACHE_ENTRIES", "200000", "DSAR_DOWNLOAD_CACHE_MIB", "0"))
                .downloadCaches();

        assertThat(defaults).isEqualTo(new dev.dsar.adapters.http.DownloadCaches(50_000, 64L * 1024 * 1024));
        assertThat(set).isEqualTo(new dev.dsar.adapters.http.DownloadCaches(200_000, 0));
    }

    @ParameterizedTest
    @CsvSource({"DSAR_DOWNLOAD_CACHE_ENTRIES, 0", "DSAR_DOWNLOAD_CACHE_ENTRIES, lots", "DSAR_DOWNLOAD_CACHE_MIB, -1",
            "DSAR_DOWNLOAD_CACHE_MIB, 64MiB"})
    void aBadDownloadCacheSettingStopsStartUpNamingIt(String variable, String value) {
        assertThatThrownBy(() -> DsarConfig.from(Map.of(variable, value))).hasMessageContaining(variable);
    }

    @Test
    void theDefaultConnectionCapLeavesDescriptorsForFilesAndPools() {
        assertThat(dev.dsar.adapters.http.HttpConnectionSettings.defaultMaxConnections(1_024)).isEqualTo(384);
        assertThat(dev.dsar.adapters.http.HttpConnectionSettings.defaultMaxConnections(65_536)).isEqualTo(32_640);
        assertThat(dev.dsar.adapters.http.HttpConnectionSettings.defaultMaxConnections(256)).isEqualTo(64);
        assertThat(dev.dsar.adapters.http.HttpConnectionSettings.defaultMaxConnections(1L << 30)).isEqualTo(100_000);
        assertThat(dev.dsar.adapters.http.HttpConnectionSettings.defaultMaxConnections(-1)).isEqualTo(4_096);
    }
}
