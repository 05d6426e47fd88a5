package com.monitorflow.webhooks.ingest.http;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code POST /v1/events}, bound from {@code monitorflow.ingest.http.*}.
 *
 * @param apiKey when set (env {@code MONITORFLOW_INGEST_HTTP_API_KEY}), every request must carry
 *     {@code Authorization: Bearer <apiKey>}; when unset the endpoint is closed
 * @param maxBodyBytes the largest request body read; a longer one is refused with 413 before it is
 *     parsed
 * @param sendTimeoutMillis how long a request waits for its event to be committed to Kafka
 */
@ConfigurationProperties("monitorflow.ingest.http")
public record IngestHttpProperties(
        @Nullable String apiKey,
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("10000") long sendTimeoutMillis) {
}
