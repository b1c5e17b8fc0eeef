package dev.dsar.bootstrap;

import dev.dsar.adapters.http.webhook.WebhookDeliveryWebClientAdapter;
import dev.dsar.adapters.http.webhook.WebhookSecrets;
import dev.dsar.domain.WebhookRetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Notifications (contract §7.4), read with the rest of the configuration. No {@code DSAR_WEBHOOK_URL}: no
 * deliveries (events are still written to the outbox, and purged after {@code DSAR_WEBHOOK_RETENTION}).
 *
 * @param urls         {@code DSAR_WEBHOOK_URL}: absolute http(s) URLs, one or comma-separated
 * @param secrets      {@code DSAR_WEBHOOK_SECRET}: required with a URL; {@code whsec_…}, several for rotation
 * @param linkTtl      {@code DSAR_WEBHOOK_LINK_TTL}: how long export.completed's download link works (P1D)
 * @param remindBefore {@code DSAR_REMIND_BEFORE_EXPIRY}: export.expiring this long before expiry (P3D)
 * @param retention    {@code DSAR_WEBHOOK_RETENTION}: events kept this long, then purged by cleanup (P30D)
 * @param timeout      {@code DSAR_WEBHOOK_TIMEOUT}: an answer later than this is no answer (PT10S)
 */
public record WebhookSettings(List<String> urls, Optional<WebhookSecrets> secrets, Duration linkTtl,
                              Duration remindBefore, Duration retention, Duration timeout) {

    public static final Duration DEFAULT_LINK_TTL = Duration.ofDays(1);
    public static final Duration DEFAULT_REMIND_BEFORE = Duration.ofDays(3);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public boolean enabled() {
        return !urls.isEmpty();
    }

    static WebhookSettings read(DsarConfig.Reader read) {
        List<String> urls = read.optional("DSAR_WEBHOOK_URL").map(WebhookSettings::urls).orElse(List.of());
        Optional<WebhookSecrets> secrets = read.optional("DSAR_WEBHOOK_SECRET").map(value -> {
            try {
                return WebhookSecrets.parse(value);
            } catch (IllegalArgumentException malformed) {
                throw new ConfigurationException("DSAR_WEBHOOK_SECRET", malformed.getMessage());
            }
        });
        if (!urls.isEmpty() && secrets.isEmpty()) {
            throw new ConfigurationException("DSAR_WEBHOOK_SECRET", "required with DSAR_WEBHOOK_URL: set it to whsec_"
                    + " followed by a base64 key, e.g. whsec_$(head -c 32 /dev/urandom | base64)");
        }
        Duration retention = read.duration("DSAR_WEBHOOK_RETENTION", DEFAULT_RETENTION);
        if (retention.compareTo(WebhookRetryPolicy.DEFAULT_HORIZON) < 0) {
            throw new ConfigurationException("DSAR_WEBHOOK_RETENTION", "must be at least P1D: events are retried for"
                    + " 24 hours and must not be purged before");
        }
        return new WebhookSettings(urls, secrets,
                read.duration("DSAR_WEBHOOK_LINK_TTL", DEFAULT_LINK_TTL),
                read.duration("DSAR_REMIND_BEFORE_EXPIRY", DEFAULT_REMIND_BEFORE),
                retention,
                read.duration("DSAR_WEBHOOK_TIMEOUT", WebhookDeliveryWebClientAdapter.DEFAULT_TIMEOUT));
    }

    /** The URLs may hold credentials: a message names an entry by position, never by value. */
    private static List<String> urls(String configured) {
        List<String> urls = new ArrayList<>();
        String[] entries = configured.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String which = entries.length == 1 ? "the URL" : "entry " + (i + 1);
            if (entry.isEmpty()) {
                throw new ConfigurationException("DSAR_WEBHOOK_URL", which + " is empty");
            }
            URI uri;
            try {
                uri = new URI(entry);
            } catch (URISyntaxException invalid) {
                throw new ConfigurationException("DSAR_WEBHOOK_URL", which + " is not a valid URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigurationException("DSAR_WEBHOOK_URL", which + " must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new ConfigurationException("DSAR_WEBHOOK_URL", which + " has no host");
            }
            if (uri.getFragment() != null) {
                throw new ConfigurationException("DSAR_WEBHOOK_URL", which + " must not have a #fragment");
            }
            if (!urls.contains(entry)) {
                urls.add(entry);
            }
        }
        return List.copyOf(urls);
    }

    @Override
    public String toString() {
        // Neither the URLs (credentials, tokens in a query) nor the secrets.
        return "WebhookSettings[" + urls.size() + " endpoint(s), linkTtl=" + linkTtl + ", remindBefore=" + remindBefore
                + ", retention=" + retention + ", timeout=" + timeout + "]";
    }
}
