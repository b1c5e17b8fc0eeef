package dev.dsar.adapters.objectstorage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dsar.adapters.objectstorage.testing.TestObjectStore;
import dev.dsar.application.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Presigned URLs are signed once per export and reused for half their lifetime, never longer. */
class ObjectDownloadsIT {

    private final ObjectStoreSettings settings = TestObjectStore.freshSettings();
    private final String location = "s3://" + settings.bucket() + "/" + settings.prefix()
            + "dsar_GDPR-PRESIGN_20260101_000000.zip";

    @Test
    void aUrlIsReusedForHalfItsLifetimeThenSignedAgain() {
        MutableClock clock = new MutableClock(Instant.now());
        ObjectDownloads downloads = new ObjectDownloads(TestObjectStore.connect(settings), Duration.ofMinutes(1), clock);
        Instant exportExpires = clock.instant().plus(Duration.ofDays(30));

        String first = downloads.presignedGet(location, "dsar-GDPR-PRESIGN.zip", exportExpires);
        clock.advance(Duration.ofSeconds(29));
        String reused = downloads.presignedGet(location, "dsar-GDPR-PRESIGN.zip", exportExpires);
        clock.advance(Duration.ofSeconds(2));
        String renewed = downloads.presignedGet(location, "dsar-GDPR-PRESIGN.zip", exportExpires);

        assertThat(reused).isSameAs(first);
        assertThat(renewed).isNotSameAs(first).contains("X-Amz-Signature=");
        assertThat(downloads.presignedGet(location, "another-name.zip", exportExpires))
                .as("a URL names its file: another name is another URL").isNotEqualTo(renewed);
    }
}
