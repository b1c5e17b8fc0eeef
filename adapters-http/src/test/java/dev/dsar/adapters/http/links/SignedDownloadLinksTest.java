package dev.dsar.adapters.http.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.application.port.out.DownloadLinkPort.DownloadLink;
import dev.dsar.domain.ReferenceId;
import dev.dsar.domain.UserId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedDownloadLinksTest {

    private static final String JWT_SECRET = "jwt-secret-0123456789-0123456789-abcdef";
    private static final ReferenceId REF = new ReferenceId("GDPR-ABC123");
    private static final UserId OWNER = new UserId(42);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2026-12-01T10:15:00.750Z");

    private final SignedDownloadLinks links = SignedDownloadLinks.derivedFrom(JWT_SECRET);

    private static String linkOf(DownloadLink link) {
        return link.url().substring(link.url().indexOf("?link=") + "?link=".length());
    }

    @Test
    void anIssuedLinkNamesItsDownloadAndVerifiesForItsOwnerUntilItsExpiry() {
        DownloadLink link = links.issue(REF, OWNER, EXPIRY);

        assertThat(link.url()).startsWith("/api/dsar/download/GDPR-ABC123?link=42.");
        assertThat(link.expiresAt()).isEqualTo(Instant.parse("2026-12-01T10:15:00Z"));
        assertThat(links.verify(REF, linkOf(link), NOW))
                .contains(new SignedDownloadLinks.Verified(OWNER, link.expiresAt()));
        assertThat(links.verify(REF, linkOf(link), link.expiresAt().minusMillis(1))).isPresent();
    }

    @Test
    void theExpiryIsRoundedDownSoALinkNeverOutlivesWhatWasAskedFor() {
        assertThat(links.issue(REF, OWNER, EXPIRY).expiresAt()).isBefore(EXPIRY);
    }

    @Test
    void aLinkIsRefusedFromItsExpiryOn() {
        DownloadLink link = links.issue(REF, OWNER, EXPIRY);

        assertThat(links.verify(REF, linkOf(link), link.expiresAt())).isEmpty();
        assertThat(links.verify(REF, linkOf(link), link.expiresAt().plusSeconds(3600))).isEmpty();
    }

    @Test
    void aLinkForAnotherReferenceIsRefused() {
        DownloadLink link = links.issue(REF, OWNER, EXPIRY);

        assertThat(links.verify(new ReferenceId("GDPR-ABC124"), linkOf(link), NOW)).isEmpty();
    }

    @Test
    void changingTheOwnerTheExpiryOrAnyByteOfTheSignatureVoidsTheLink() {
        String link = linkOf(links.issue(REF, OWNER, EXPIRY));
        String[] parts = link.split("\\.");

        assertThat(links.verify(REF, "43." + parts[1] + "." + parts[2], NOW)).isEmpty();
        assertThat(links.verify(REF, parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2], NOW)).isEmpty();
        for (int i = link.lastIndexOf('.') + 1; i < link.length(); i++) {
            char replacement = link.charAt(i) == 'A' ? 'B' : 'A';
            String altered = link.substring(0, i) + replacement + link.substring(i + 1);
            assertThat(links.verify(REF, altered, NOW)).as("altered at %d", i).isEmpty();
        }
    }

    @Test
    void malformedLinksAreRefusedWithoutAFault() {
        for (String malformed : new String[] {"", ".", "..", "42..", "42.1.", "x.1.AAAA", "42.x.AAAA", "42.1.%%%",
                "-1.1.AAAA", "042.1.AAAA", "42.1.AAAA.AAAA", "4".repeat(200)}) {
            assertThat(links.verify(REF, malformed, NOW)).as(malformed).isEmpty();
        }
        assertThat(links.verify(REF, null, NOW)).isEmpty();
    }

    @Test
    void aLeadingZeroInTheOwnerOrExpiryIsNotTheIssuedLink() {
        String[] parts = linkOf(links.issue(REF, OWNER, EXPIRY)).split("\\.");

        assertThat(links.verify(REF, "0" + parts[0] + "." + parts[1] + "." + parts[2], NOW)).isEmpty();
        assertThat(links.verify(REF, parts[0] + ".0" + parts[1] + "." + parts[2], NOW)).isEmpty();
    }

    @Test
    void aLinkSignedWithAnotherKeyIsRefused() {
        String link = linkOf(SignedDownloadLinks.withKey("another-link-secret-0123456789-abcdef").issue(REF, OWNER, EXPIRY));

        assertThat(links.verify(REF, link, NOW)).isEmpty();
    }

    @Test
    void theDerivedKeyIsNotTheJwtSecretItself() {
        String link = linkOf(SignedDownloadLinks.withKey(JWT_SECRET).issue(REF, OWNER, EXPIRY));

        assertThat(links.verify(REF, link, NOW)).isEmpty();
        assertThat(SignedDownloadLinks.withKey(JWT_SECRET).verify(REF, link, NOW)).isPresent();
    }
}
