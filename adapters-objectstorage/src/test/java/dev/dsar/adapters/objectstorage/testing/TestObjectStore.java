package dev.dsar.adapters.objectstorage.testing;

import dev.dsar.adapters.objectstorage.ObjectStore;
import dev.dsar.adapters.objectstorage.ObjectStoreSettings;
import java.net.URI;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3-compatible store the tests use: S3Proxy started in process (in-memory backend, signatures checked), once
 * per JVM; or, when {@code DSAR_TEST_S3_ENDPOINT} is set, that store (credentials from the {@code AWS_*}
 * variables, bucket from {@code DSAR_TEST_S3_BUCKET}, default {@code dsar-test}, created if missing). Each test
 * works under a prefix of its own and {@link #clear}s it.
 */
public final class TestObjectStore {

    public static final String ACCESS_KEY = "dsar-test-access";
    public static final String SECRET_KEY = "dsar-test-secret-key";
    public static final String REGION = "us-east-1";

    private static URI endpoint;
    private static String bucket;
    private static AwsCredentialsProvider credentials;

    private TestObjectStore() {
    }

    /** The endpoint, started on first use. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            String external = System.getenv("DSAR_TEST_S3_ENDPOINT");
            if (external != null && !external.isBlank()) {
                endpoint = URI.create(external);
                credentials = DefaultCredentialsProvider.builder().build();
                bucket = Optional.ofNullable(System.getenv("DSAR_TEST_S3_BUCKET")).orElse("dsar-test");
            } else {
                endpoint = startS3Proxy();
                credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
                bucket = "dsar-test";
            }
            try (S3Client client = client()) {
                if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                    client.createBucket(b -> b.bucket(bucket));
                }
            }
        }
        return endpoint;
    }

    public static String bucket() {
        endpoint();
        return bucket;
    }

    public static AwsCredentialsProvider credentials() {
        endpoint();
        return credentials;
    }

    /** Settings for a fresh prefix of its own ({@code t-<random>/}), path-style. */
    public static ObjectStoreSettings freshSettings() {
        return new ObjectStoreSettings(Optional.of(endpoint()), REGION, bucket, "t-" + UUID.randomUUID() + "/", true);
    }

    /**
     * The environment of a service that keeps its exports under {@code prefix} in this store. With S3Proxy its
     * credentials are given to the SDK's default chain as the system properties {@code aws.accessKeyId} and
     * {@code aws.secretAccessKey} (a test cannot set environment variables); an external store's come from the
     * {@code AWS_*} variables already.
     */
    public static java.util.Map<String, String> serviceEnvironment(String prefix) {
        endpoint();
        if (System.getenv("DSAR_TEST_S3_ENDPOINT") == null || System.getenv("DSAR_TEST_S3_ENDPOINT").isBlank()) {
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", SECRET_KEY);
        }
        return java.util.Map.of("DSAR_STORAGE", "s3", "DSAR_S3_ENDPOINT", endpoint.toString(),
                "DSAR_S3_REGION", REGION, "DSAR_S3_BUCKET", bucket, "DSAR_S3_PREFIX", prefix,
                "DSAR_S3_PATH_STYLE", "true");
    }

    public static ObjectStore connect(ObjectStoreSettings settings) {
        return ObjectStore.connect(settings, credentials());
    }

    /** A plain client, to put and look at objects behind the adapter's back. */
    public static S3Client client() {
        return S3Client.builder().region(Region.of(REGION)).endpointOverride(endpoint).forcePathStyle(true)
                .credentialsProvider(credentials)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
    }

    /** Deletes every object and aborts every upload under {@code prefix}. */
    public static void clear(String prefix) {
        try (S3Client client = client()) {
            client.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().forEach(u ->
                    client.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                client.deleteObject(b -> b.bucket(bucket).key(object.key()));
            }
        }
    }

    private static URI startS3Proxy() {
        try {
            Properties properties = new Properties();
            properties.setProperty("jclouds.identity", ACCESS_KEY);
            properties.setProperty("jclouds.credential", SECRET_KEY);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(BlobStores.create("transient", properties))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.onSpinWait();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    proxy.stop();
                } catch (Exception ignored) {
                    // the JVM is ending
                }
            }));
            return URI.create("http://127.0.0.1:" + proxy.getPort());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }
}
