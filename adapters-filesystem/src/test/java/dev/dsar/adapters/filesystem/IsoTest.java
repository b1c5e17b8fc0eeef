package dev.dsar.adapters.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01T10:00:00Z", "2026-03-01T10:00:00.5Z", "2026-03-01T10:00:00.123456Z",
            "2026-03-01T10:00:00.000001Z", "2026-03-01T10:00:00.123456789Z", "1970-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2026-03-01T01:30:00+02:00",
            "2026-03-01T23:30:00-05:30", "-0044-03-15T12:00:00Z", "+10000-01-01T00:00:00Z"})
    void timesAreWrittenExactlyAsTheIsoInstantFormatWritesThem(String time) {
        OffsetDateTime parsed = OffsetDateTime.parse(time);

        assertThat(Iso.utc(parsed)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(parsed.toInstant()));
    }
}
