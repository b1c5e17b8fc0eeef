package dev.dsar.adapters.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RowJsonTest {

    static String json(Object value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            RowJson.writeValue(json, value);
        }
        return out.toString();
    }

    @Test
    void aFloatIsWrittenAsTheFloatItIsNotWidenedToADouble() throws IOException {
        assertThat(json(0.1f)).isEqualTo("0.1");
        assertThat(json(3.4028235E38f)).isEqualTo("3.4028235E38");
        assertThat(json(-1.5f)).isEqualTo("-1.5");
    }

    @Test
    void aDoubleKeepsItsFullPrecision() throws IOException {
        assertThat(json(0.1d)).isEqualTo("0.1");
        assertThat(json(0.10000000149011612d)).isEqualTo("0.10000000149011612");
    }

    @Test
    void nonFiniteNumbersAreWrittenAsStrings() throws IOException {
        assertThat(json(Float.NaN)).isEqualTo("\"NaN\"");
        assertThat(json(Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
        assertThat(json(Double.POSITIVE_INFINITY)).isEqualTo("\"Infinity\"");
    }
}
