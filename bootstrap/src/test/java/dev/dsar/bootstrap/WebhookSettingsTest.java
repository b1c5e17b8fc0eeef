package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSettingsTest {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    static WebhookSettings read(Map<String, String> env) {
        return DsarConfig.from(env).webhooks();
    }

    @Test
    void withoutAUrlThereAreNoWebhooksAndTheDocumentedDefaults() {
        WebhookSettings settings = read(Map.of());

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.linkTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.remindBefore()).isEqualTo(Duration.ofDays(3));
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void oneOrSeveralUrlsAndSeveralSecretsForRotation() {
        WebhookSettings settings = read(Map.of(
                "DSAR_WEBHOOK_URL", "https://app.example/hooks/dsar, http://10.0.0.7:8080/dsar",
                "DSAR_WEBHOOK_SECRET", SECRET + ", " + SECRET.replace("AAAA", "BBBB") + " " + SECRET,
                "DSAR_WEBHOOK_LINK_TTL", "PT6H",
                "DSAR_REMIND_BEFORE_EXPIRY", "P7D",
                "DSAR_WEBHOOK_RETENTION", "P90D"));

        assertThat(settings.urls()).containsExactly("https://app.example/hooks/dsar", "http://10.0.0.7:8080/dsar");
        assertThat(settings.secrets().orElseThrow().count()).isEqualTo(3);
        assertThat(settings.linkTtl()).isEqualTo(Duration.ofHours(6));
        assertThat(settings.remindBefore()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(settings.toString()).doesNotContain("app.example").doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        "DSAR_WEBHOOK_URL | ftp://app.example/hooks",
        "DSAR_WEBHOOK_URL | file:///etc/passwd",
        "DSAR_WEBHOOK_URL | javascript:alert(1)",
        "DSAR_WEBHOOK_URL | /relative/hooks",
        "DSAR_WEBHOOK_URL | https://app.example/a,,https://app.example/b",
        "DSAR_WEBHOOK_URL | http://",
        "DSAR_WEBHOOK_SECRET | not-a-secret",
        "DSAR_WEBHOOK_SECRET | whsec_***",
        "DSAR_WEBHOOK_SECRET | whsec_c2hvcnQ=",
        "DSAR_WEBHOOK_LINK_TTL | 1d",
        "DSAR_REMIND_BEFORE_EXPIRY | PT0S",
        "DSAR_WEBHOOK_RETENTION | PT1H",
        "DSAR_WEBHOOK_TIMEOUT | ten seconds",
    })
    void aBadValueStopsStartUpNamingTheVariable(String variable, String value) {
        Map<String, String> env = new HashMap<>(Map.of("DSAR_WEBHOOK_URL", "https://app.example/hooks",
                "DSAR_WEBHOOK_SECRET", SECRET));
        env.put(variable, value);

        ConfigurationException failure = catchThrowableOfType(ConfigurationException.class, () -> DsarConfig.from(env));

        assertThat(failure).as("%s=%s must be refused", variable, value).isNotNull();
        assertThat(failure.variable()).isEqualTo(variable);
        if (variable.equals("DSAR_WEBHOOK_SECRET")) {
            assertThat(failure).hasMessageNotContaining(value);
        }
    }

    @Test
    void aUrlWithoutASecretIsRefusedNamingTheSecret() {
        ConfigurationException failure = catchThrowableOfType(ConfigurationException.class,
                () -> DsarConfig.from(Map.of("DSAR_WEBHOOK_URL", "https://app.example/hooks")));

        assertThat(failure.variable()).isEqualTo("DSAR_WEBHOOK_SECRET");
    }

    @Test
    void aUrlIsNeverRepeatedInAMessageSinceItMayHoldCredentials() {
        ConfigurationException failure = catchThrowableOfType(ConfigurationException.class,
                () -> DsarConfig.from(Map.of("DSAR_WEBHOOK_URL", "ftp://user:hunter2@app.example/hooks",
                        "DSAR_WEBHOOK_SECRET", SECRET)));

        assertThat(failure).hasMessageNotContaining("hunter2");
    }
}
