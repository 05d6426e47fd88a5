/** The {@code send} command: upstream producers put events on Kafka without writing code. */
@NullMarked
package com.monitorflow.webhooks.localstack.produce;

import org.jspecify.annotations.NullMarked;
