package com.monitorflow.webhooks.retry.metrics;

import java.time.Instant;
import java.util.Optional;

/** The records an instance currently holds back, as far as the age metric needs them. */
@FunctionalInterface
public interface WaitingHeads {

    /**
     * The failure time of the oldest record this instance holds back at the head of a partition of
     * delay step {@code step}, or empty when it holds none back.
     */
    Optional<Instant> oldestFailedAt(int step);
}
