/**
 * Consumer lag of the product's consumer groups, read from the brokers with the Kafka Admin client
 * and offered three ways: the admin endpoint {@code GET /v1/admin/consumer-lag}, Prometheus gauges,
 * and (through that endpoint) the {@code ./monitorflow lag} command.
 */
@NullMarked
package com.monitorflow.webhooks.registry.lag;

import org.jspecify.annotations.NullMarked;
