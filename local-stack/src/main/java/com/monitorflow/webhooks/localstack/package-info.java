/**
 * Runs the whole system on one machine and gives upstream producers and receivers their
 * command-line tools: {@code run} starts a KRaft broker, PostgreSQL and the four services;
 * {@code send} writes inbound events; {@code receive} verifies and prints deliveries.
 */
@NullMarked
package com.monitorflow.webhooks.localstack;

import org.jspecify.annotations.NullMarked;
