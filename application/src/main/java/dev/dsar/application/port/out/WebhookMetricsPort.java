package dev.dsar.application.port.out;

import java.time.Duration;

/** Counts of the dispatcher's work, for operators. */
public interface WebhookMetricsPort {

    /** An event acknowledged by every endpoint, {@code lag} after it occurred. */
    void delivered(Duration lag);

    void retried();

    void dead();
}
