package dev.dsar.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @ParameterizedTest(name = "{0} of 1000 bytes → {1}-{2}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-0       | 0   | 0",
        "bytes=0-999     | 0   | 999",
        "bytes=100-199   | 100 | 199",
        "bytes=990-      | 990 | 999",
        "bytes=999-      | 999 | 999",
        "bytes=995-5000  | 995 | 999",
        "bytes=-10       | 990 | 999",
        "bytes=-1000     | 0   | 999",
        "bytes=-5000     | 0   | 999",
        "BYTES=5-6       | 5   | 6",
    })
    void satisfiableSingleRangeIsThePartAsked(String header, long first, long last) {
        assertThat(ByteRange.parse(header, 1000)).isEqualTo(new ByteRange.Part(first, last));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-1001", "bytes=5000-6000", "bytes=-0"})
    void rangeOutsideTheFileIsUnsatisfiable(String header) {
        assertThat(ByteRange.parse(header, 1000)).isEqualTo(new ByteRange.Unsatisfiable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-", "bytes=-5"})
    void anyRangeOfAnEmptyFileIsUnsatisfiable(String header) {
        assertThat(ByteRange.parse(header, 0)).isEqualTo(new ByteRange.Unsatisfiable());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"items=0-5", "bytes=0-5,10-20", "bytes=5-2", "bytes=a-b", "bytes=-", "bytes=5",
            "bytes=+5-6", "bytes=0x1-5", "bytes=99999999999999999999-", "bytes=-99999999999999999999", "0-5"})
    void unusableHeaderMeansTheWholeFile(String header) {
        assertThat(ByteRange.parse(header, 1000)).isEqualTo(new ByteRange.Whole());
    }

    @ParameterizedTest
    @CsvSource({"0, 9, bytes 0-9/1000, 10", "990, 999, bytes 990-999/1000, 10"})
    void partKnowsItsLengthAndContentRange(long first, long last, String contentRange, long length) {
        ByteRange.Part part = new ByteRange.Part(first, last);

        assertThat(part.contentRange(1000)).isEqualTo(contentRange);
        assertThat(part.length()).isEqualTo(length);
    }
}
