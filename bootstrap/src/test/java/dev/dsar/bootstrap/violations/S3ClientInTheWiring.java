package dev.dsar.bootstrap.violations;

/** Breaks the object storage rule on purpose (test sources only): an S3 client built outside its adapter. */
public final class S3ClientInTheWiring {
    public Object client() {
        return software.amazon.awssdk.services.s3.S3Client.builder();
    }
}
