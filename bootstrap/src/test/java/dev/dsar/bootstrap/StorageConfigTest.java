package dev.dsar.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dsar.adapters.http.RemoteExports;
import dev.dsar.adapters.objectstorage.ObjectStoreSettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    @Test
    void theExportDirectoryIsTheDefault() {
        assertThat(DsarConfig.from(Map.of()).storage()).isEqualTo(StorageConfig.filesystem());
    }

    @Test
    void s3NeedsABucketAndOtherwiseTakesTheContractsDefaults() {
        StorageConfig storage = DsarConfig.from(Map.of("DSAR_STORAGE", "s3", "DSAR_S3_BUCKET", "exports")).storage();

        assertThat(storage.kind()).isEqualTo(StorageConfig.Kind.S3);
        assertThat(storage.objectStore()).contains(new ObjectStoreSettings(Optional.empty(), "us-east-1", "exports",
                "dsar/", false));
        assertThat(storage.download()).isEqualTo(RemoteExports.Mode.REDIRECT);
        assertThat(storage.presignTtl()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void everyS3SettingIsRead() {
        StorageConfig storage = DsarConfig.from(Map.of("DSAR_STORAGE", "S3", "DSAR_S3_BUCKET", "b",
                "DSAR_S3_ENDPOINT", "http://minio:9000", "DSAR_S3_REGION", "eu-west-3", "DSAR_S3_PREFIX", "",
                "DSAR_S3_PATH_STYLE", "true", "DSAR_S3_DOWNLOAD", "proxy", "DSAR_S3_PRESIGN_TTL", "PT5M")).storage();

        assertThat(storage.objectStore()).contains(new ObjectStoreSettings(Optional.of(URI.create("http://minio:9000")),
                "eu-west-3", "b", "dsar/", true));
        assertThat(storage.download()).isEqualTo(RemoteExports.Mode.PROXY);
        assertThat(storage.presignTtl()).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DSAR_STORAGE | nfs",
        "DSAR_S3_BUCKET | ''",
        "DSAR_S3_ENDPOINT | minio:9000",
        "DSAR_S3_ENDPOINT | ftp://minio",
        "DSAR_S3_PREFIX | /dsar/",
        "DSAR_S3_PREFIX | dsar",
        "DSAR_S3_PREFIX | a/../b/",
        "DSAR_S3_PATH_STYLE | sometimes",
        "DSAR_S3_DOWNLOAD | cdn",
        "DSAR_S3_PRESIGN_TTL | 60",
        "DSAR_S3_PRESIGN_TTL | P8D",
    })
    void aBadValueStopsStartUpWithAMessageNamingTheVariable(String variable, String value) {
        Map<String, String> env = new HashMap<>(Map.of("DSAR_STORAGE", "s3", "DSAR_S3_BUCKET", "exports"));
        env.put(variable, value);

        ConfigurationException failure = catchThrowableOfType(ConfigurationException.class, () -> DsarConfig.from(env));

        assertThat(failure).as("%s=%s must be refused", variable, value).isNotNull();
        assertThat(failure.variable()).isEqualTo(variable);
    }
}
