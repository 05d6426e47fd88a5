/**
 * What crosses service boundaries in MonitorFlow Webhooks: topic names, the event and delivery
 * messages, Kafka header names, identifiers, payload signing and the JSON mapper every service
 * uses to read and write them.
 */
@NullMarked
package com.monitorflow.webhooks.model;

import org.jspecify.annotations.NullMarked;
