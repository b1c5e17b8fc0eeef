package dev.dsar.adapters.objectstorage;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The store's clients, built once: the SDK's blocking client over the JDK's URL connection, called from worker
 * threads only (docs/adr/0015), and the presigner, which signs URLs locally without a request.
 */
public final class ObjectStore implements AutoCloseable {

    private final S3Client client;
    private final S3Presigner presigner;
    private final ObjectKeys keys;

    private ObjectStore(S3Client client, S3Presigner presigner, ObjectKeys keys) {
        this.client = client;
        this.presigner = presigner;
        this.keys = keys;
    }

    /** Credentials from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or the SDK's default chain. */
    public static ObjectStore connect(ObjectStoreSettings settings) {
        return connect(settings, DefaultCredentialsProvider.builder().build());
    }

    public static ObjectStore connect(ObjectStoreSettings settings, AwsCredentialsProvider credentials) {
        Region region = Region.of(settings.region());
        var builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // Checksums only where the API requires one: every S3-compatible store understands that much.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)));
        var presign = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint().isPresent()) {
            URI endpoint = settings.endpoint().get();
            builder.endpointOverride(endpoint);
            presign.endpointOverride(endpoint);
        }
        return new ObjectStore(builder.build(), presign.build(), new ObjectKeys(settings.bucket(), settings.prefix()));
    }

    S3Client client() {
        return client;
    }

    S3Presigner presigner() {
        return presigner;
    }

    ObjectKeys keys() {
        return keys;
    }

    /** {@code s3://{bucket}/{prefix}}: for messages and logs. */
    public String describe() {
        return keys.location(keys.prefix());
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
