package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dsar.adapters.http.pages.FrameAncestors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameAncestorsSettingTest {

    @Test
    void noSiteMayFrameThePagesByDefault() {
        assertThat(DsarConfig.from(Map.of()).frameAncestors()).isEqualTo(FrameAncestors.NONE);
        assertThat(DsarConfig.from(Map.of("DSAR_FRAME_ANCESTORS", "  ")).frameAncestors()).isEqualTo(FrameAncestors.NONE);
    }

    @Test
    void sourcesAreReadSeparatedBySpaces() {
        DsarConfig config = DsarConfig.from(Map.of("DSAR_FRAME_ANCESTORS",
                "'self'  https://intranet.example.com https://*.example.org:8443"));

        assertThat(config.frameAncestors().sources())
                .isEqualTo(List.of("'self'", "https://intranet.example.com", "https://*.example.org:8443"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'none' 'self'", "https://a.example; script-src *", "'unsafe-inline'", "https://a.example,b",
            "*", "self", "https://a.example/path'"})
    void aValueThatIsNotAListOfSourcesStopsStartUpNamingTheVariable(String value) {
        assertThatThrownBy(() -> DsarConfig.from(Map.of("DSAR_FRAME_ANCESTORS", value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DSAR_FRAME_ANCESTORS:");
    }
}
