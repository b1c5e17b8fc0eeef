package dev.dsar.adapters.objectstorage;

import dev.dsar.domain.StorageUnavailable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What a fault of the store says, without the request's content: the error code and status, or the cause's type. */
final class ObjectFaults {

    private ObjectFaults() {
    }

    static String describe(SdkException e) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
            return "object store answered " + s3.statusCode() + " " + s3.awsErrorDetails().errorCode();
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "object store unreachable (" + cause.getClass().getSimpleName() + ")";
    }

    /** A fault of the connection (not an answer of the store) becomes an outage the HTTP adapter answers with 503. */
    static RuntimeException classify(SdkException e) {
        if (e instanceof S3Exception) {
            return e;
        }
        return new StorageUnavailable(describe(e));
    }

    static boolean notFound(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }
}
